import type { OutboxMessage } from './outbox-relay.js';
import { OUTBOX_SAFETY_POLL_MS } from './polls.js';

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
  /** The relay's `pending`: hinted places, plus the search once every `sweepIntervalMs`. */
  pending(limit: number): Promise<OutboxMessage[]>;
  /**
   * The store marked these messages published: a hinted place whose every message read is among
   * them, and that nobody wrote to since, is settled without being read again.
   */
  published(messages: OutboxMessage[]): void;
}

/**
 * The relay's way to its events without a query for "anything pending" on every pass: the
 * repository hints where it wrote events, those places are read by key, and the search (a
 * collection scan on an engine without secondary indexes, or partitions full of the tombstones
 * of published hints in Cassandra) runs only every `sweepIntervalMs`, for what a crashed process
 * or another replica left behind. A hint stays until its place is read with nothing pending, so
 * a failed send is retried from the hint too; a hint is replaced (new object) on every write, so
 * a read that began before that write cannot drop it. Places are told apart by `String(place)`:
 * strings, numbers or ObjectIds, not objects. Once every message read from a place is marked
 * published (`published`), its hint is settled then, instead of by one more read that would find
 * nothing; a hint replaced since that read stays, so what the newer write added is read.
 */
export const outboxHints = <Place>(
  reads: HintedOutboxReads<Place>,
  { sweepIntervalMs = OUTBOX_SAFETY_POLL_MS, now = Date.now }: OutboxHintsOptions = {},
): OutboxHints<Place> => {
  const hints = new Map<string, { place: Place }>();
  // Places read with pending messages: the hint as it was when read, and the ids read.
  const inFlight = new Map<string, { hint: { place: Place }; ids: Set<string> }>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  // A read returns every pending message of its places, so each read replaces what the last said.
  const remember = (batch: [string, { place: Place }][], messages: OutboxMessage[]) => {
    for (const [key] of batch) inFlight.delete(key);
    const read = new Map(batch);
    for (const message of messages) {
      const key = reads.placeOf(message);
      const hint = read.get(key);
      if (!hint) continue;
      const entry = inFlight.get(key) ?? { hint, ids: new Set<string>() };
      entry.ids.add(message.id);
      inFlight.set(key, entry);
    }
  };

  /** Reads the first `limit` hinted places; forgets those without events (unless rewritten). */
  const readBatch = async (limit: number) => {
    const batch = [...hints].slice(0, limit);
    const messages =
      batch.length === 0
        ? []
        : await reads.readPlaces(
            batch.map(([, hint]) => hint.place),
            limit,
          );
    remember(batch, messages);
    const pending = new Set(messages.map(reads.placeOf));
    const settled = batch.filter(([key, hint]) => !pending.has(key) && hints.get(key) === hint);
    for (const [key] of settled) hints.delete(key);
    return { messages, settled: settled.length };
  };

  /** Hinted places, `limit` at a time, until some have events or none are left. */
  const hinted = async (limit: number): Promise<OutboxMessage[]> => {
    for (;;) {
      const { messages, settled } = await readBatch(limit);
      // An empty batch that settled hints says nothing of the next ones: read those too.
      if (messages.length > 0 || settled === 0) return messages;
    }
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
    published: (messages) => {
      const sent = new Set(messages.map((message) => message.id));
      for (const key of new Set(messages.map(reads.placeOf))) {
        const entry = inFlight.get(key);
        if (!entry || ![...entry.ids].every((id) => sent.has(id))) continue;
        inFlight.delete(key);
        if (hints.get(key) === entry.hint) hints.delete(key);
      }
    },
    // The search runs when due even while hinted places keep the relay busy: what a crash or
    // another replica left waits at most about `sweepIntervalMs`, whatever the load.
    pending: async (limit) => {
      const messages = await hinted(limit);
      if (now() - lastSweep < sweepIntervalMs) return messages;
      const seen = new Set(messages.map((message) => message.id));
      const found = (await sweep(limit)).filter((message) => !seen.has(message.id));
      return [...messages, ...found];
    },
  };
};
