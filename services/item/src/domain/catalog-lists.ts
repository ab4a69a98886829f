import type { ItemListQuery } from '@shop/contracts';
import { type CatalogDeps, listItems } from './catalog.js';
import type { ReadCache } from './read-cache.js';
import { createReadThrough } from './read-through.js';

export type ItemListPage = Awaited<ReturnType<typeof listItems>>;

/**
 * `GET /items` first pages (no cursor) through a read cache, keyed by the query: the shop's
 * front page and category pages are the same few queries read over and over, and a store that
 * sorts a large catalog per request (the MongoDB-wire engine has no secondary indexes) would
 * otherwise pay that per reader. Any write of an item by this process (`changed`) drops every
 * cached page at once: a page may hold any item, and a new item goes first. Other replicas'
 * writes are seen within the TTL. Later pages (with a cursor) are always read from the store.
 */
export interface CatalogLists {
  page(query: ItemListQuery): Promise<ItemListPage>;
  /** This process wrote an item: no cached page is current any more. */
  changed(): void;
}

/**
 * `<generation>:<the query as JSON, parameters sorted>`: the same query however its parameters
 * came, and a new generation after every write (earlier keys are then never read again, and
 * age out of the LRU; a load begun before the write stores under a key nobody reads).
 */
const keyOf = (generation: number, query: ItemListQuery) =>
  `${generation}:${JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)))}`;

const queryOf = (key: string) =>
  Object.fromEntries(JSON.parse(key.slice(key.indexOf(':') + 1))) as ItemListQuery;

export const createCatalogLists = (
  deps: CatalogDeps,
  cache: ReadCache<ItemListPage>,
): CatalogLists => {
  let generation = 0;
  const reads = createReadThrough(cache, async (key) => await listItems(deps, queryOf(key)));
  return {
    page: async (query) =>
      query.cursor === undefined
        ? await reads.read(keyOf(generation, query))
        : await listItems(deps, query),
    changed: () => {
      generation += 1;
    },
  };
};
