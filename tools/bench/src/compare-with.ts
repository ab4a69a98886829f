import { readFile, writeFile } from 'node:fs/promises';
import { sideBySide } from './compare.js';
import type { BenchResult } from './report.js';

/**
 * BENCH_COMPARE_WITH: this run beside an earlier one (for target 6, the fresh stack's run beside
 * the seeded one), written next to this run's result; returns the line to print.
 */
export const compareWith = async (earlierFile: string, result: BenchResult, resultFile: string) => {
  const earlier = JSON.parse(await readFile(earlierFile, 'utf8')) as BenchResult;
  const out = resultFile.replace(/\.json$/, '-side-by-side.md');
  const markdown = sideBySide(earlier, result);
  await writeFile(out, markdown);
  process.stdout.write(`\n${markdown}\n`);
  return `side by side with ${earlierFile} written to ${out}`;
};
