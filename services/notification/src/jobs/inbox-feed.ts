import { every } from '@shop/platform/lifecycle';
import type { Logger } from '@shop/platform/log';
import type { NotificationRecord } from '../domain/model.js';
import type { InboxReader } from '../domain/ports.js';

export type InboxListener = (notification: NotificationRecord) => void;

export interface InboxFeed {
  /** Calls `listener` with each new in-app notification of `userId`; returns the unsubscribe. */
  subscribe(userId: string, listener: InboxListener): () => void;
  /** A notification this replica just stored: to its subscribers at once, without waiting a poll. */
  publish(notification: NotificationRecord): void;
  stop(): Promise<void>;
}

export interface InboxFeedOptions {
  pollMs: number;
  logger: Pick<Logger, 'warn'>;
  now?: () => Date;
  /**
   * How far back each poll looks again: a notification becomes visible a little after its
   * `createdAt` (set by the replica that stored it, whose clock may differ a little), so a
   * poll must not look only past the previous one. Seen ids keep this from sending twice.
   */
  overlapMs?: number;
  /** Most notifications read per poll. */
  batch?: number;
}

/**
 * The live side of the inbox on one replica. With several replicas, the event behind a
 * notification is consumed by whichever replica owns its partition, while the customer's
 * stream may be open on another: so every replica with open streams polls the store (ONE
 * query per `pollMs`, however many streams) for in-app notifications of every user stored
 * lately, and hands each one it has not seen to the subscribers of its user. What this replica
 * stores itself is published at once. Delivery to a stream is at least once: a notification
 * can come through `publish` and a poll, or a poll and the stream's own catch-up; streams and
 * clients drop ids they already have.
 */
export const startInboxFeed = (
  reader: InboxReader,
  { pollMs, logger, now = () => new Date(), overlapMs = 15_000, batch = 1_000 }: InboxFeedOptions,
): InboxFeed => {
  const listeners = new Map<string, Set<InboxListener>>();
  /** Ids handed out lately, with their createdAt, forgotten once older than the poll window. */
  const seen = new Map<string, number>();
  let poller: ReturnType<typeof every> | undefined;

  const dispatch = (notification: NotificationRecord) => {
    if (seen.has(notification.id)) return;
    seen.set(notification.id, notification.createdAt.getTime());
    for (const listener of listeners.get(notification.userId) ?? []) listener(notification);
  };

  const poll = async () => {
    const since = now().getTime() - overlapMs;
    for (const [id, createdAt] of seen) if (createdAt < since) seen.delete(id);
    for (const notification of await reader.inAppSince(new Date(since), batch))
      dispatch(notification);
  };

  const stopPolling = async () => {
    const running = poller;
    poller = undefined;
    seen.clear();
    await running?.stop();
  };

  return {
    subscribe: (userId, listener) => {
      const mine = listeners.get(userId) ?? new Set<InboxListener>();
      mine.add(listener);
      listeners.set(userId, mine);
      poller ??= every(pollMs, poll, (error) =>
        logger.warn({ err: error }, 'polling the inbox for streams failed; trying again'),
      );
      return () => {
        mine.delete(listener);
        if (mine.size === 0) listeners.delete(userId);
        // No stream open on this replica: no reason to keep reading the store.
        if (listeners.size === 0) void stopPolling();
      };
    },
    publish: (notification) => {
      if (listeners.size > 0) dispatch(notification);
    },
    stop: stopPolling,
  };
};
