/**
 * A per-process cache of catalog reads, keyed by item id. Items carry stock, so what it keeps is
 * bounded three ways:
 * - this process's own writes to an item drop its entry at once (`invalidate`), and a read that
 *   was already under way when the write happened is not stored (its ticket is older than the
 *   invalidation): the next read on this process sees the write;
 * - what other replicas wrote is seen within `ttlMs`, counted from when the read began (the
 *   value is at least that fresh);
 * - at most `maxEntries` entries, the least recently used going first.
 * Pure: the clock is given, nothing here knows HTTP or the store.
 */
export interface ReadCacheOptions {
  /** How long an entry may serve after its read began; 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
  /** Milliseconds, monotonic enough for a TTL (Date.now by default). */
  now?: () => number;
}

/** Taken before reading the store; `put` stores the value only if the ticket is still good. */
export interface ReadTicket {
  readonly sequence: number;
  readonly at: number;
}

export interface ReadCache<V> {
  /** The fresh value, or undefined (missing, expired, or invalidated). */
  get(key: string): V | undefined;
  ticket(): ReadTicket;
  /** Stores what a read begun at `ticket` found, unless the key was invalidated since. */
  put(key: string, value: V, ticket: ReadTicket): boolean;
  /**
   * Whether the key's entry is in the second half of its life: a read of it now, stored, keeps a
   * hot key from ever expiring under its readers (they would all wait for the store at once).
   */
  refreshDue(key: string): boolean;
  /** Whether a read begun at `ticket` still reflects every invalidation of the key. */
  current(key: string, ticket: ReadTicket): boolean;
  /** This process wrote the key: drop it, and refuse what reads begun before now found. */
  invalidate(key: string): void;
  readonly size: number;
}

interface Entry<V> {
  value: V;
  freshUntil: number;
}

/** Drops the oldest keys of an insertion-ordered map down to `max`; returns what it dropped. */
const trimOldest = <T>(map: Map<string, T>, max: number, dropped: (value: T) => void) => {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    dropped(map.get(oldest.value) as T);
    map.delete(oldest.value);
  }
};

export const createReadCache = <V>({
  ttlMs,
  maxEntries,
  now = Date.now,
}: ReadCacheOptions): ReadCache<V> => {
  const entries = new Map<string, Entry<V>>();
  // The sequence of each key's latest invalidation, bounded like the entries; a forgotten one
  // raises `forgotten`, which then stands for every key no record is kept for (conservative).
  const invalidations = new Map<string, number>();
  let forgotten = 0;
  let sequence = 0;
  // The key last stored or read: re-inserting it would not change the order, so a hot item's
  // reads skip the delete and set (a measurable share of a cached read).
  let newest: string | undefined;
  const enabled = ttlMs > 0 && maxEntries > 0;

  const current = (key: string, ticket: ReadTicket) =>
    (invalidations.get(key) ?? forgotten) <= ticket.sequence;

  return {
    get: (key) => {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.freshUntil <= now()) {
        entries.delete(key);
        return undefined;
      }
      // Most recently used goes last: re-insert.
      if (key !== newest) {
        entries.delete(key);
        entries.set(key, entry);
        newest = key;
      }
      return entry.value;
    },
    refreshDue: (key) => {
      const entry = entries.get(key);
      return entry !== undefined && entry.freshUntil - now() <= ttlMs / 2;
    },
    ticket: () => ({ sequence, at: now() }),
    put: (key, value, ticket) => {
      if (!enabled || !current(key, ticket)) return false;
      const freshUntil = ticket.at + ttlMs;
      if (freshUntil <= now()) return false;
      entries.delete(key);
      entries.set(key, { value, freshUntil });
      newest = key;
      trimOldest(entries, maxEntries, () => undefined);
      return true;
    },
    current,
    invalidate: (key) => {
      sequence += 1;
      entries.delete(key);
      invalidations.delete(key);
      invalidations.set(key, sequence);
      trimOldest(invalidations, maxEntries, (at) => {
        forgotten = Math.max(forgotten, at);
      });
    },
    get size() {
      return entries.size;
    },
  };
};
