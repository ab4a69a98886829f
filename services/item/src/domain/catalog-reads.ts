import { type CatalogDeps, getItem, type toPublicItem } from './catalog.js';
import type { ReadCache, ReadTicket } from './read-cache.js';

export type PublicItem = ReturnType<typeof toPublicItem>;

/**
 * `GET /items/{id}` through the read cache: a hit is answered from memory; concurrent misses of
 * one id share one store read (while no write of the item came between), and what it found is
 * kept in the form `represent` makes of it (the response's bytes and ETag, say), so a hit costs
 * no serialisation either. A hit in the second half of the entry's TTL also starts a refresh, so
 * a hot item is re-read about once per half TTL and never expires under load. A missing item is
 * not kept: it throws NotFound each time.
 */
export interface CatalogReads<V> {
  item(id: string): Promise<V>;
  /** Read from the store whatever is cached (a client asking `no-cache`); the cache keeps it. */
  itemFromStore(id: string): Promise<V>;
}

export const createCatalogReads = <V>(
  deps: CatalogDeps,
  cache: ReadCache<V>,
  represent: (item: PublicItem) => V,
): CatalogReads<V> => {
  const inFlight = new Map<string, { ticket: ReadTicket; read: Promise<V> }>();

  const readThrough = async (id: string, ticket: ReadTicket) => {
    try {
      const value = represent(await getItem(deps, id));
      cache.put(id, value, ticket);
      return value;
    } finally {
      if (inFlight.get(id)?.ticket === ticket) inFlight.delete(id);
    }
  };

  const startRead = (id: string) => {
    const ticket = cache.ticket();
    const read = readThrough(id, ticket);
    inFlight.set(id, { ticket, read });
    return read;
  };

  return {
    item: async (id) => {
      const cached = cache.get(id);
      if (cached !== undefined) {
        // Refreshed ahead, in the background: readers of a hot item never wait for the store.
        // A failed refresh (the item gone, the store away) leaves the entry to its TTL.
        if (cache.refreshDue(id) && !inFlight.has(id)) startRead(id).catch(() => undefined);
        return cached;
      }
      const shared = inFlight.get(id);
      // A read begun before this process's last write of the item may have missed it.
      if (shared && cache.current(id, shared.ticket)) return await shared.read;
      return await startRead(id);
    },
    itemFromStore: async (id) => await startRead(id),
  };
};
