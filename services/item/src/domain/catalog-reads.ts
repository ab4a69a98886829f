import { type CatalogDeps, getItem, type toPublicItem } from './catalog.js';
import type { ReadCache, ReadTicket } from './read-cache.js';

export type PublicItem = ReturnType<typeof toPublicItem>;

/**
 * `GET /items/{id}` through the read cache: a hit is answered from memory; concurrent misses of
 * one id share one store read (while no write of the item came between), and what it found is
 * kept in the form `represent` makes of it (the response's bytes and ETag, say), so a hit costs
 * no serialisation either. A missing item is not kept: it throws NotFound each time.
 */
export interface CatalogReads<V> {
  item(id: string): Promise<V>;
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

  return {
    item: async (id) => {
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      const shared = inFlight.get(id);
      // A read begun before this process's last write of the item may have missed it.
      if (shared && cache.current(id, shared.ticket)) return await shared.read;
      const ticket = cache.ticket();
      const read = readThrough(id, ticket);
      inFlight.set(id, { ticket, read });
      return await read;
    },
  };
};
