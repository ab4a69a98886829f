import { runMain } from '@shop/platform';
import { loadSeedConfig } from './seed/config.js';
import { describeSeeded, seedHistory } from './seed/seed.js';

// pnpm --filter @shop/bench seed (BENCH_SEED_ROWS=N): seeds without running the bench.
runMain(async () => {
  const config = loadSeedConfig();
  if (config.rows === 0) throw new Error('BENCH_SEED_ROWS is 0: nothing to seed');
  const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
  const seeded = await seedHistory(config, say);
  say(`stored ${describeSeeded(seeded)} in ${seeded.seconds} s`);
});
