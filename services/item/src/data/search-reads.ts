import { MAX_MINOR_UNITS } from '@shop/contracts';
import type { Collection } from 'mongodb';
import type { FacetCounts, ItemFilter, ItemStore } from '../domain/ports.js';
import type { ItemDocument } from './documents.js';
import { matchFilter, priceFilter } from './item-filter.js';

type SearchReads = Pick<ItemStore, 'searchCandidates' | 'facetCounts'>;

const NEWEST = { createdAt: -1, _id: -1 } as const;
/** Where a price outside every band would be counted (none is: prices are 0 … MAX_MINOR_UNITS). */
const OUT_OF_BANDS = -1;

interface FacetRow {
  categories?: { _id: string; count: number }[];
  bands?: { _id: number; count: number }[];
  scanned?: { n: number }[];
}

/** The filter's words and ids only: each facet drops the filter it counts by. */
const wordsOnly = (filter: ItemFilter): ItemFilter => ({ ids: filter.ids, words: filter.words });

/**
 * The reads of a search: the newest matches' text for ranking, and the facet counts in one
 * aggregation over at most `scanLimit` matches ($facet and $bucket: MongoDB 3.4+).
 */
export const searchReads = (items: Collection<ItemDocument>): SearchReads => ({
  searchCandidates: async (filter, limit) => {
    const docs = await items
      .find(
        { $and: matchFilter(filter) },
        { projection: { _id: 1, name: 1, description: 1, createdAt: 1 }, sort: NEWEST, limit },
      )
      .toArray();
    return docs.map((doc) => ({
      id: doc._id,
      name: doc.name,
      description: doc.description,
      createdAt: doc.createdAt,
    }));
  },

  facetCounts: async (filter, { bandFloors, scanLimit }): Promise<FacetCounts> => {
    const prices = priceFilter(filter);
    const [row] = await items
      .aggregate<FacetRow>([
        { $match: { $and: matchFilter(wordsOnly(filter)) } },
        { $sort: NEWEST },
        { $limit: scanLimit },
        { $project: { _id: 0, category: 1, unitPrice: 1 } },
        {
          $facet: {
            categories: [
              ...(prices.length > 0 ? [{ $match: { $and: prices } }] : []),
              { $group: { _id: '$category', count: { $sum: 1 } } },
            ],
            bands: [
              ...(filter.categories ? [{ $match: { category: { $in: filter.categories } } }] : []),
              {
                $bucket: {
                  groupBy: '$unitPrice',
                  boundaries: [...bandFloors, MAX_MINOR_UNITS + 1],
                  default: OUT_OF_BANDS,
                  output: { count: { $sum: 1 } },
                },
              },
            ],
            scanned: [{ $count: 'n' }],
          },
        },
      ])
      .toArray();
    return {
      categories: (row?.categories ?? []).map((entry) => ({ name: entry._id, count: entry.count })),
      bands: (row?.bands ?? [])
        .filter((entry) => entry._id !== OUT_OF_BANDS)
        .map((entry) => ({ floor: entry._id, count: entry.count })),
      scanned: row?.scanned?.[0]?.n ?? 0,
    };
  },
});
