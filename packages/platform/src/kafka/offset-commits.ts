import type { FastifyBaseLogger } from 'fastify';
import type { Consumer } from 'kafkajs';

interface HandledOffset {
  topic: string;
  partition: number;
  /** The next offset to read: the one after the last handled. */
  offset: string;
}

/**
 * Commits the offsets of handled messages at most once per `intervalMs`, instead of after every
 * fetched batch. At a few events a second every batch is one message, so committing per batch
 * doubled the requests each delivery costs (a fetch and a commit) for broker and consumer.
 *
 * Nothing is lost by waiting: only offsets whose effect is stored are committed, so a crash, a
 * rebalance or a commit that keeps failing re-delivers what was handled since the last commit
 * that went through, which the handlers are idempotent for (they are at least once anyway).
 * Commits run one after another (a slow, retried commit never lands after a newer one); a
 * failed one is tried again with the next round unless a newer offset replaced it.
 */
export const batchedOffsetCommits = (
  consumer: Pick<Consumer, 'commitOffsets'>,
  intervalMs: number,
  logger: FastifyBaseLogger,
) => {
  const handled = new Map<string, HandledOffset>();
  let timer: NodeJS.Timeout | undefined;
  let committing: Promise<void> = Promise.resolve();
  let stopped = false;

  const later = () => {
    if (!stopped) timer ??= setTimeout(commit, intervalMs);
  };

  const send = async (offsets: HandledOffset[]) => {
    try {
      await consumer.commitOffsets(offsets);
    } catch (error) {
      logger.warn({ err: error, offsets }, 'offset commit failed; trying again with the next');
      for (const offset of offsets) {
        const key = `${offset.topic}:${offset.partition}`;
        if (!handled.has(key)) handled.set(key, offset);
      }
      later();
    }
  };

  function commit() {
    timer = undefined;
    if (handled.size > 0) {
      const offsets = [...handled.values()];
      handled.clear();
      committing = committing.then(() => send(offsets));
    }
    return committing;
  }

  return {
    /** The message at `offset` is handled: the next to read is the one after it. */
    handled: (topic: string, partition: number, offset: string) => {
      handled.set(`${topic}:${partition}`, {
        topic,
        partition,
        offset: (BigInt(offset) + 1n).toString(),
      });
      later();
    },
    /**
     * A rebalance: the partitions may have new owners, who start from the last commit. What
     * this member handled since is theirs to handle again; committing it now could move back an
     * offset a new owner already committed.
     */
    forget: () => {
      handled.clear();
    },
    /**
     * Commits what is handled now, once the commits under way are done, and schedules no more
     * (the consumer is leaving its group: a message finished after this comes again).
     */
    flush: async () => {
      stopped = true;
      clearTimeout(timer);
      await commit();
    },
  };
};
