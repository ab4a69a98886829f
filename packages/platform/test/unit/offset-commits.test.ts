import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchedOffsetCommits } from '../../src/kafka/offset-commits.js';

type Offsets = { topic: string; partition: number; offset: string }[];

/** Records every commit; the first `failures` of them throw. */
const recordingConsumer = (failures = 0) => {
  const commits: Offsets[] = [];
  let failing = failures;
  return {
    commits,
    consumer: {
      commitOffsets: async (offsets: Offsets) => {
        commits.push(offsets);
        if (failing > 0) {
          failing -= 1;
          throw new Error('coordinator unavailable');
        }
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

  it('when a commit fails, then it is logged and the same offsets are committed in the next round', async () => {
    const { consumer, commits } = recordingConsumer(1);
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(warnings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(commits).toEqual([
      [{ topic: 'order.events', partition: 0, offset: '2' }],
      [{ topic: 'order.events', partition: 0, offset: '2' }],
    ]);
  });

  it('when a commit failed and a later message of the partition is handled, then only the later offset is committed', async () => {
    const { consumer, commits } = recordingConsumer(1);
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '1');
    await vi.advanceTimersByTimeAsync(1_000);
    offsets.handled('order.events', 0, '5');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(commits.at(-1)).toEqual([{ topic: 'order.events', partition: 0, offset: '6' }]);
  });

  it('when the group rebalances, then what was handled is not committed by this member', async () => {
    const { consumer, commits } = recordingConsumer();
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '1');
    offsets.forget();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(commits).toEqual([]);
  });

  it('when flushed, then a message handled afterwards schedules no commit (the consumer is leaving)', async () => {
    const { consumer, commits } = recordingConsumer();
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    await offsets.flush();
    offsets.handled('order.events', 0, '1');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(commits).toEqual([]);
  });

  it('when offsets go past 2^53, then they are committed exactly', async () => {
    const { consumer, commits } = recordingConsumer();
    const offsets = batchedOffsetCommits(consumer, 1_000, logger);
    offsets.handled('order.events', 0, '9007199254740993');
    await offsets.flush();
    expect(commits[0]?.[0]?.offset).toBe('9007199254740994');
  });
});
