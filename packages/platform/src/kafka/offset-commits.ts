import type { FastifyBaseLogger } from 'fastify';
import type { Consumer } from 'kafkajs';

/**
 * Commits the offsets of handled messages at most once per `intervalMs`, instead of after every
 * fetched batch. At a few events a second every batch is one message, so committing per batch
 * doubled the requests each delivery costs (a fetch and a commit) for broker and consumer.
 *
 * Nothing is lost by waiting: only offsets whose effect is stored are committed, so a crash,
 * a rebalance or a failed commit in the window re-delivers at most `intervalMs` of events, which
 * the handlers are idempotent for (they are at least once anyway).
 */
export const batchedOffsetCommits = (
  consumer: Pick<Consumer, 'commitOffsets'>,
  intervalMs: number,
  logger: FastifyBaseLogger,
) => {
  const handled = new Map<string, { topic: string; partition: number; offset: string }>();
  let timer: NodeJS.Timeout | undefined;

  const commit = async () => {
    timer = undefined;
    if (handled.size === 0) return;
    const offsets = [...handled.values()];
    handled.clear();
    try {
      await consumer.commitOffsets(offsets);
    } catch (error) {
      // A rebalance took the partition or the broker is away: its new owner starts from the
      // last commit, and the events since are handled again (idempotently).
      logger.warn({ err: error, offsets }, 'offset commit failed; the events will come again');
    }
  };

  return {
    /** The message at `offset` is handled: the next to read is the one after it. */
    handled: (topic: string, partition: number, offset: string) => {
      handled.set(`${topic}:${partition}`, {
        topic,
        partition,
        offset: (BigInt(offset) + 1n).toString(),
      });
      timer ??= setTimeout(commit, intervalMs);
    },
    /** Commits what is handled now (before the consumer leaves its group). */
    flush: async () => {
      clearTimeout(timer);
      await commit();
    },
  };
};
