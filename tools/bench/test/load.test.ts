import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openLoop } from '../src/load.js';
import { summarize } from '../src/stats.js';

describe('the load generator', () => {
  it('when latencies are summarised, then percentiles are nearest-rank over all samples', () => {
    const summary = summarize(
      Array.from({ length: 100 }, (_, index) => index + 1),
      2,
      10,
    );
    expect(summary).toMatchObject({
      count: 100,
      errors: 2,
      throughput: 10,
      p50: 50,
      p95: 95,
      p99: 99,
      min: 1,
      max: 100,
    });
  });

  it('when the target serves one request at a time slower than they arrive, then the waiting shows in the latencies', async () => {
    let queue = Promise.resolve();
    // 40 arrivals at 200/s against a server that takes 20 ms each: they pile up.
    const summary = await openLoop(200, 0.2, async () => {
      const turn = queue.then(async () => await sleep(20));
      queue = turn;
      await turn;
    });

    expect(summary.count).toBe(40);
    // A closed loop would report ~20 ms for each; from when each was due, the last waited ~600 ms.
    expect(summary.p50).toBeGreaterThan(200);
    expect(summary.max).toBeGreaterThan(500);
  });

  it('when answers are instant, then no latency is negative (a request sent before it was due counts from when it was sent)', async () => {
    const summary = await openLoop(1_000, 0.3, async () => undefined);
    expect(summary.count).toBe(300);
    expect(summary.min).toBeGreaterThanOrEqual(0);
  });
});
