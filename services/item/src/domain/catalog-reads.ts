import { type CatalogDeps, getItem, type toPublicItem } from './catalog.js';
import type { ReadCache } from './read-cache.js';
import { createReadThrough } from './read-through.js';

export type PublicItem = ReturnType<typeof toPublicItem>;

/**
 * `GET /items/{id}` through the read cache (read-through.ts): what a read found is kept in the
 * form `represent` makes of it (the response's bytes and ETag, say), so a hit costs no
 * serialisation either. A missing item is not kept: it throws NotFound each time.
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
  const reads = createReadThrough(cache, async (id) => represent(await getItem(deps, id)));
  return { item: reads.read, itemFromStore: reads.readFromStore };
};
