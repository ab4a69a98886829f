import { decodeCursor } from '@shop/platform';
import type { Filter } from 'mongodb';
import type { ItemFilter } from '../domain/ports.js';
import type { ItemDocument } from './documents.js';

export const LIVE = { deletedAt: null };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every word must prefix a keyword (no `$text`: works on any MongoDB-wire engine). */
export const matchFilter = ({
  ids,
  words,
  categories,
  minPrice,
  maxPrice,
}: ItemFilter): Filter<ItemDocument>[] => [
  LIVE,
  ...(ids ? [{ _id: { $in: ids } }] : []),
  ...words.map((word) => ({ keywords: { $regex: `^${escapeRegex(word)}` } })),
  ...(categories ? [{ category: { $in: categories } }] : []),
  ...priceFilter({ minPrice, maxPrice }),
];

export const priceFilter = ({ minPrice, maxPrice }: Pick<ItemFilter, 'minPrice' | 'maxPrice'>) =>
  minPrice === undefined && maxPrice === undefined
    ? []
    : [
        {
          unitPrice: {
            ...(minPrice === undefined ? {} : { $gte: minPrice }),
            ...(maxPrice === undefined ? {} : { $lte: maxPrice }),
          },
        },
      ];

export const afterCursor = (cursor: string | undefined): Filter<ItemDocument>[] => {
  const after = cursor ? decodeCursor(cursor) : null;
  if (!after) return [];
  return [
    {
      $or: [
        { createdAt: { $lt: after.createdAt } },
        { createdAt: after.createdAt, _id: { $lt: after.id } },
      ],
    },
  ];
};
