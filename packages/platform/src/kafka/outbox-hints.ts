import type { OutboxMessage } from './outbox-relay.js';

/** Where an outbox keeps events (a document, a partition), as the store reads it by key. */
export interface HintedOutboxReads<Place> {
  /** Pending messages of these places; each message's `placeOf` names its place. */
  readPlaces(places: Place[], limit: number): Promise<OutboxMessage[]>;
  /** Pending messages found without hints: the search a crash or another process needs. */
  search(limit: number): Promise<OutboxMessage[]>;
  placeOf(message: OutboxMessage): string;
}

export interface OutboxHintsOptions {
  /** How often `search` runs for events nobody hinted (crash, another replica). */
  sweepIntervalMs?: number;
  now?: () => number;
}

export interface OutboxHints<Place> {
  /** The repository wrote events to `place`: the relay reads it first, by key. */
  written(place: Place): void;
  /** The relay's `pending`: hinted places first, the search only every `sweepIntervalMs`. */
  pending(limit: number): Promise<OutboxMessage[]>;
}

/**
 * The relay's way to its events without a query for "anything pending" on every pass: the
 * repository hints where it wrote events, those places are read by key, and the search (a
 * collection scan on an engine without secondary indexes, or partitions full of the tombstones
 * of published hints in Cassandra) runs only every `sweepIntervalMs`, for what a crashed process
 * or another replica left behind. A hint stays until its place is read with nothing pending, so
 * a failed send is retried from the hint too; a hint is replaced (new object) on every write, so
 * a read that began before that write cannot drop it.
 */
export const outboxHints = <Place>(
  reads: HintedOutboxReads<Place>,
  { sweepIntervalMs = 5_000, now = Date.now }: OutboxHintsOptions = {},
): OutboxHints<Place> => {
  const hints = new Map<string, { place: Place }>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  const hinted = async (limit: number) => {
    const batch = [...hints].slice(0, limit);
    if (batch.length === 0) return [];
    const messages = await reads.readPlaces(
      batch.map(([, hint]) => hint.place),
      limit,
    );
    const pending = new Set(messages.map(reads.placeOf));
    for (const [key, hint] of batch)
      if (!pending.has(key) && hints.get(key) === hint) hints.delete(key);
    return messages;
  };

  const sweep = async (limit: number) => {
    const messages = await reads.search(limit);
    // A full batch means more may wait: search again on the next call.
    if (messages.length < limit) lastSweep = now();
    return messages;
  };

  return {
    written: (place) => {
      hints.set(String(place), { place });
    },
    pending: async (limit) => {
      const messages = await hinted(limit);
      if (messages.length > 0 || now() - lastSweep < sweepIntervalMs) return messages;
      return await sweep(limit);
    },
  };
};
