import type { ItemListQuery, SearchFacets } from '@shop/contracts';
import type { ItemRecord } from './model.js';
import type { ItemFilter, ItemPage, ItemStore } from './ports.js';
import { bandCountsFrom, PRICE_BAND_FLOORS, priceRangeOf } from './price-bands.js';
import {
  compareRank,
  decodeRelevanceCursor,
  encodeRelevanceCursor,
  rankByRelevance,
  wordsOf,
} from './relevance.js';

/**
 * Relevance is computed over at most this many matches (the newest): a query whose words match
 * more is expected to be refined, and each page stays one bounded read of a few fields.
 */
export const SEARCH_CANDIDATE_LIMIT = 1_000;
/** The facet counts look at most at this many matches (the newest); beyond, `complete: false`. */
export const FACET_SCAN_LIMIT = 10_000;

/**
 * The query as the store filters by it: words split out, a price band folded into the prices,
 * `category` standing for `categories` (by default the category alone).
 */
export const filterOf = (
  query: ItemListQuery,
  categories = query.category === undefined ? undefined : [query.category],
): ItemFilter => ({
  ids: query.ids,
  words: wordsOf(query.q ?? ''),
  categories,
  ...priceRangeOf(query),
});

/** Facets are counted for a search or a filtered listing, not for plain browsing or `ids=`. */
export const wantsFacets = (query: ItemListQuery) =>
  wordsOf(query.q ?? '').length > 0 ||
  query.category !== undefined ||
  query.priceBand !== undefined ||
  query.minPrice !== undefined ||
  query.maxPrice !== undefined;

/** The items of `ids`, in that order; one that vanished since it was ranked is left out. */
const inOrder = (ids: string[], records: ItemRecord[]) => {
  const byId = new Map(records.map((record) => [record.id, record]));
  return ids.flatMap((id) => byId.get(id) ?? []);
};

/**
 * One page by relevance: the candidates ranked (a pure computation), those after the cursor's
 * position kept, then the page's items read whole by id.
 */
export const relevancePage = async (
  items: ItemStore,
  filter: ItemFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<ItemPage> => {
  const after = page.cursor ? decodeRelevanceCursor(page.cursor) : null;
  const candidates = await items.searchCandidates(filter, SEARCH_CANDIDATE_LIMIT);
  const ranked = rankByRelevance(filter.words, candidates).filter(
    (position) => !after || compareRank(position, after) > 0,
  );
  const chosen = ranked.slice(0, page.limit);
  const ids = chosen.map((position) => position.id);
  const records =
    ids.length > 0 ? (await items.list({ ids, words: [] }, { limit: ids.length })).items : [];
  const last = chosen.at(-1);
  return {
    items: inOrder(ids, records),
    nextCursor: ranked.length > page.limit && last ? encodeRelevanceCursor(last) : null,
  };
};

export const facetsOf = async (items: ItemStore, filter: ItemFilter): Promise<SearchFacets> => {
  const counts = await items.facetCounts(filter, {
    bandFloors: PRICE_BAND_FLOORS,
    scanLimit: FACET_SCAN_LIMIT,
  });
  return {
    categories: [...counts.categories].sort(
      (a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    ),
    priceBands: bandCountsFrom(counts.bands),
    complete: counts.scanned < FACET_SCAN_LIMIT,
  };
};
