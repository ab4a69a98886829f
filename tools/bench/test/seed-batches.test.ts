import { describe, expect, it } from 'vitest';
import { chunksOf, forEachBounded } from '../src/seed/batches.js';

describe('seed batches', () => {
  it('when rows are chunked, then the chunks cover every row once, in order, none larger than asked', () => {
    expect(chunksOf(2_500, 1_000)).toEqual([
      [0, 1_000],
      [1_000, 2_000],
      [2_000, 2_500],
    ]);
    expect(chunksOf(0, 1_000)).toEqual([]);
    expect(() => chunksOf(10, 0)).toThrow(/chunk size/);
  });

  it('when work runs bounded, then never more than the limit is in flight and every input is done once', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded(
      Array.from({ length: 50 }, (_, index) => index),
      4,
      async (input) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1 + (input % 3)));
        done.push(input);
        inFlight -= 1;
      },
    );
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });

  it('when one input fails, then the failure is thrown and no further input is started', async () => {
    const started: number[] = [];
    const run = forEachBounded([1, 2, 3, 4, 5, 6], 2, async (input) => {
      started.push(input);
      if (input === 2) throw new Error('store gone');
    });
    await expect(run).rejects.toThrow('store gone');
    expect(started.length).toBeLessThan(6);
  });
});
