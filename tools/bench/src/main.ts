import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runMain } from '@shop/platform';
import { benchCatalog } from './catalog.js';
import { benchLargeCatalogList } from './catalog-list.js';
import { compareWith } from './compare-with.js';
import { type BenchConfig, loadBenchConfig } from './config.js';
import { benchCost, benchIdle, warmUp } from './cost.js';
import { createFixtures } from './fixtures.js';
import { createHttp } from './http.js';
import { benchOrders, findMaxOrderRate } from './orders.js';
import { type BenchResult, toMarkdown } from './report.js';
import { benchSaga, findMaxSagaRate } from './saga.js';
import { loadSeedConfig, seedRowsOf } from './seed/config.js';
import { describeSeeded, type Seeded, seedHistory } from './seed/seed.js';
import { waitForSettled } from './settle.js';

const RESULTS = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

const writeResult = async (result: BenchResult, label: string | undefined) => {
  const stamp = result.startedAt.replaceAll(':', '-').replace(/\..*/, '');
  const name = label ? `${stamp}-${label}` : stamp;
  await mkdir(RESULTS, { recursive: true });
  await writeFile(`${RESULTS}${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const markdown = toMarkdown(result);
  await writeFile(`${RESULTS}${name}.md`, markdown);
  process.stdout.write(`\n${markdown}\n`);
  say(`written to bench/results/${name}.{json,md}`);
  // infra/bench.sh reads this line to pair a baseline run with the current one.
  say(`result ${RESULTS}${name}.json`);
  return `${RESULTS}${name}.json`;
};

/**
 * BENCH_SEED_ROWS: the stored history is written first, so every part runs over it. Set to 0,
 * nothing is written but the result still says the run began on the bench's empty stores.
 */
const seedFirst = async (): Promise<Seeded | undefined> => {
  if (process.env.BENCH_SEED_ROWS === undefined) return undefined;
  if (seedRowsOf() === 0) return { holds: 0, orders: 0, notifications: 0, seconds: 0 };
  const config = loadSeedConfig();
  say(`seeding ${config.rows} finished orders, their holds and their notifications`);
  const seeded = await seedHistory(config, say);
  say(`stored ${describeSeeded(seeded)} in ${seeded.seconds} s`);
  return seeded;
};

const cpuParts = (config: BenchConfig) => {
  const wanted = config.parts.has('i') || config.parts.has('e');
  // The cost per order subtracts idle CPU, so e measures i too.
  if (config.parts.has('e')) config.parts.add('i');
  if (wanted && config.processes.length === 0)
    say('parts i and e skipped: BENCH_PROCESSES is empty (infra/bench.sh fills it natively)');
  return wanted && config.processes.length > 0;
};

runMain(async () => {
  const config = loadBenchConfig();
  const http = createHttp();
  const startedAt = new Date().toISOString();
  try {
    const seeded = await seedFirst();
    say('creating items and customers');
    const fixtures = await createFixtures(http, config);
    const settle = async () => {
      const seconds = await waitForSettled(config.brokers);
      if (seconds > 0) say(`waited ${seconds} s for the services to handle the earlier backlog`);
    };
    const run = async <T>(part: string, title: string, measure: () => Promise<T>) => {
      if (!config.parts.has(part)) return undefined;
      await settle();
      say(`${part}. ${title}`);
      return await measure();
    };
    const warmUpFirst = async () => {
      await settle();
      say(`warming up: the saga at ${config.warmUp.rate}/s for ${config.warmUp.seconds} s`);
      return await warmUp(http, config, fixtures);
    };
    // Idle and cost per order first, on a stack nothing else has loaded yet in this run but the
    // warm-up, which only has it compile the order path (cost.ts).
    const withCpu = cpuParts(config);
    const warmedUp = withCpu && config.warmUp.seconds > 0 ? await warmUpFirst() : undefined;
    const idle = withCpu
      ? await run(
          'i',
          `idle CPU for ${config.idleSeconds} s after ${config.idleQuietSeconds} s of quiet`,
          () => benchIdle(config),
        )
      : undefined;
    const cost =
      withCpu && idle
        ? await run('e', `CPU per order at ${config.cost.rate} orders/s`, () =>
            benchCost(http, config, fixtures, idle, settle),
          )
        : undefined;
    const catalog = await run('a', 'catalog reads', () => benchCatalog(http, config, fixtures));
    const largeCatalog = await run(
      'l',
      `GET /items?limit=20 at ${config.list.rate}/s with ${config.list.items} items`,
      () => benchLargeCatalogList(http, config, fixtures.adminToken, settle),
    );
    const orders = await run(
      'b',
      'POST /orders at 100/s',
      async () => (await benchOrders(http, config, fixtures, 100)).total,
    );
    const maxOrders = await run('f', `highest POST /orders rate (${config.orderRates})`, () =>
      findMaxOrderRate(http, config, fixtures, settle),
    );
    // d before c: a machine that cannot keep up with c is left with work (emails to send,
    // holds to expire) long after its consumers caught up, and d would measure that.
    const maxSaga = await run('d', `highest sustainable saga rate (${config.sagaRates})`, () =>
      findMaxSagaRate(http, config, fixtures, settle),
    );
    const saga = await run('c', `checkout saga at 50/s for ${config.sagaSeconds} s`, () =>
      benchSaga(http, config, fixtures, 50, config.sagaSeconds),
    );
    // The last sweep ends over capacity: what it queued is handled before the run ends, so the
    // services restarted afterwards (infra/bench.sh) never meet events of the bench's stores.
    await settle();
    const result: BenchResult = {
      startedAt,
      ...(config.label ? { label: config.label } : {}),
      ...(seeded ? { seeded } : {}),
      machine: { cpus: availableParallelism(), node: process.version },
      processes: config.processes,
      ...(warmedUp ? { warmUp: warmedUp } : {}),
      idle,
      cost,
      catalog,
      largeCatalog,
      orders,
      maxOrders,
      saga,
      maxSaga,
    };
    const file = await writeResult(result, config.label);
    if (config.compareWith) say(await compareWith(config.compareWith, result, file));
  } finally {
    await http.close();
  }
});
