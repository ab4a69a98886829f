import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchedOffsetCommits } from '../../src/kafka/offset-commits.js';

type Offsets = { topic: string; partition: number; offset: string }[];

const recordingConsumer = (failing = false) => {
  const commits: Offsets[] = [];
  return {
    commits,
    consumer: {
      commitOffsets: async (offsets: Offsets) => {
        commits.push(offsets);
        if (failing) throw new Error('rebalancing');
      },
    },
  };
};

const warnings: unknown[] = [];
const logger = { warn: (entry: unknown) => warnings.push(entry) } as unknown as FastifyBaseLogger;

describe('batched offset commits', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    warnings.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('when several messages are handled within the interval, then one commit carries the next offset of each partition', async () => {
    const { consumer, commits } = recordingConsumer();
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '41');
    offsets.handled('order.events', 0, '42');
    offsets.handled('order.events', 1, '7');
    expect(commits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(commits).toEqual([
      [
        { topic: 'order.events', partition: 0, offset: '43' },
        { topic: 'order.events', partition: 1, offset: '8' },
      ],
    ]);
  });

  it('when nothing is handled, then nothing is committed and no timer runs', async () => {
    const { consumer, commits } = recordingConsumer();
    batchedOffsetCommits(consumer, 1_000, logger);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(commits).toEqual([]);
  });

  it('when the consumer stops before the interval ends, then flush commits what was handled at once', async () => {
    const { consumer, commits } = recordingConsumer();
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('payment.events', 2, '9');
    await offsets.flush();
    expect(commits).toEqual([[{ topic: 'payment.events', partition: 2, offset: '10' }]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(commits).toHaveLength(1);
  });

  it('when a commit fails, then it is logged and later offsets are committed in the next round', async () => {
    const { consumer, commits } = recordingConsumer(true);
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warnings).toHaveLength(1);
    offsets.handled('order.events', 0, '2');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(commits.at(-1)).toEqual([{ topic: 'order.events', partition: 0, offset: '3' }]);
  });

  it('when offsets go past 2^53, then they are committed exactly', async () => {
    const { consumer, commits } = recordingConsumer();
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '9007199254740993');
    await offsets.flush();
    expect(commits[0]?.[0]?.offset).toBe('9007199254740994');
  });
});
