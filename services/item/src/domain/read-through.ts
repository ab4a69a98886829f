import type { ReadCache, ReadTicket } from './read-cache.js';

/**
 * Reads through a ReadCache: a hit is answered from memory; concurrent misses of one key share
 * one load (while no invalidation of the key came between); a hit in the second half of its
 * entry's TTL also starts a background load, so a hot key is reloaded about once per half TTL
 * and never expires under its readers (they would all wait for the store at once). A failed
 * load is not kept: it throws to its callers, and a failed background refresh leaves the entry
 * to its TTL.
 */
export interface ReadThrough<V> {
  read(key: string): Promise<V>;
  /** Loads whatever is cached (a client asking `no-cache`); the cache keeps what it found. */
  readFromStore(key: string): Promise<V>;
}

export const createReadThrough = <V>(
  cache: ReadCache<V>,
  load: (key: string) => Promise<V>,
): ReadThrough<V> => {
  const inFlight = new Map<string, { ticket: ReadTicket; read: Promise<V> }>();

  const loadAndKeep = async (key: string, ticket: ReadTicket) => {
    try {
      const value = await load(key);
      cache.put(key, value, ticket);
      return value;
    } finally {
      if (inFlight.get(key)?.ticket === ticket) inFlight.delete(key);
    }
  };

  const startLoad = (key: string) => {
    const ticket = cache.ticket();
    const read = loadAndKeep(key, ticket);
    inFlight.set(key, { ticket, read });
    return read;
  };

  return {
    read: async (key) => {
      const cached = cache.get(key);
      if (cached !== undefined) {
        if (cache.refreshDue(key) && !inFlight.has(key)) startLoad(key).catch(() => undefined);
        return cached;
      }
      const shared = inFlight.get(key);
      // A load begun before this process's last write of the key may have missed it.
      if (shared && cache.current(key, shared.ticket)) return await shared.read;
      return await startLoad(key);
    },
    readFromStore: async (key) => await startLoad(key),
  };
};
