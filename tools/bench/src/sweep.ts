import type { Summary } from './stats.js';

export interface RateRun {
  rate: number;
  total: Summary;
}

/** A run holds when its p99 is within the limit and fewer than 1 % of its requests failed. */
export const holds = (run: RateRun, p99LimitMs: number) =>
  run.total.p99 <= p99LimitMs && run.total.errors <= run.total.count / 100;

/**
 * Runs each rate, lowest first, and stops at the first that does not hold (a higher one would
 * only queue more); the answer is the highest rate that held, 0 when none did. `beforeEach`
 * runs before every rate but the first, so each starts from a stack the last one left idle.
 */
export const highestSustainedRate = async <R extends RateRun>(
  rates: number[],
  p99LimitMs: number,
  runAt: (rate: number) => Promise<R>,
  beforeEach: () => Promise<void>,
) => {
  const runs: R[] = [];
  for (const rate of rates) {
    if (runs.length > 0) await beforeEach();
    const run = await runAt(rate);
    runs.push(run);
    if (!holds(run, p99LimitMs)) break;
  }
  const sustained = runs.filter((run) => holds(run, p99LimitMs));
  return { runs, maxSustainedRate: sustained.at(-1)?.rate ?? 0 };
};
