import { describe, expect, it } from 'vitest';
import type { Summary } from '../src/stats.js';
import { highestSustainedRate } from '../src/sweep.js';

const summary = (p99: number, errors = 0, count = 1_000): Summary => ({
  count,
  errors,
  throughput: 0,
  p50: p99 / 2,
  p95: p99,
  p99,
  min: 0,
  max: p99,
});

describe('highest sustained rate', () => {
  it('when latency crosses the limit at a rate, then the rate below is the answer and no higher rate runs', async () => {
    const tried: number[] = [];
    const p99At: Record<number, number> = { 10: 80, 20: 200, 40: 900, 80: 100 };
    const result = await highestSustainedRate(
      [10, 20, 40, 80],
      250,
      async (rate) => {
        tried.push(rate);
        return { rate, total: summary(p99At[rate] ?? 0) };
      },
      async () => {},
    );
    expect(result.maxSustainedRate).toBe(20);
    expect(tried).toEqual([10, 20, 40]);
  });

  it('when a rate fails more than 1 % of its requests, then it does not hold even within the latency', async () => {
    const result = await highestSustainedRate(
      [10, 20],
      250,
      async (rate) => ({ rate, total: summary(50, rate === 20 ? 11 : 0) }),
      async () => {},
    );
    expect(result.maxSustainedRate).toBe(10);
  });

  it('when even the lowest rate fails, then the answer is 0', async () => {
    const result = await highestSustainedRate(
      [5, 10],
      250,
      async (rate) => ({ rate, total: summary(300) }),
      async () => {},
    );
    expect(result).toMatchObject({ maxSustainedRate: 0, runs: [{ rate: 5 }] });
  });

  it('when several rates run, then the stack is settled before each but the first', async () => {
    const events: string[] = [];
    await highestSustainedRate(
      [1, 2, 3],
      250,
      async (rate) => {
        events.push(`run ${rate}`);
        return { rate, total: summary(10) };
      },
      async () => {
        events.push('settle');
      },
    );
    expect(events).toEqual(['run 1', 'settle', 'run 2', 'settle', 'run 3']);
  });
});
