import { z } from 'zod';
import { CategorySlug } from './categories.js';
import { hasValidCheckDigit } from './check-digits.js';
import { HoldLine } from './events/inventory-events.js';
import {
  Currency,
  DEFAULT_CURRENCY,
  MinorUnits,
  PageLimit,
  QueryInt,
  Text,
  Timestamp,
  UNSTATED_RULE,
  Uuid,
} from './primitives.js';

/** UPC-A (12 digits) or EAN-13 (13 digits) with a valid check digit. */
export const Upc = z
  .string()
  .regex(/^([0-9]{12}|[0-9]{13})$/, { error: 'must be a 12-digit UPC-A or 13-digit EAN-13' })
  .refine(hasValidCheckDigit, { error: 'has a wrong check digit', params: UNSTATED_RULE })
  .describe(
    'UPC-A (12 digits) or EAN-13 (13 digits) whose last digit is the GS1 check digit of the others (weights 3, 1, 3, … from the right); a wrong check digit is refused with 422',
  );

const ATTRIBUTE_KEY = /^[A-Za-z][\w-]{0,49}$/;
const AttributeValue = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string().max(200), z.number()])).max(50),
]);
/** Free-form metadata (colour, size, ...): the reason the catalog is a document store. */
export const Attributes = z
  .record(z.string(), AttributeValue)
  .refine((value) => Object.keys(value).length <= 50, { error: 'at most 50 attributes' })
  .refine((value) => Object.keys(value).every((key) => ATTRIBUTE_KEY.test(key)), {
    error: 'attribute names are a letter, then letters, digits, _ or - (max 50)',
    params: UNSTATED_RULE,
  })
  .meta({ maxProperties: 50 })
  // OpenAPI 3.0 has no propertyNames: the rule for the names is only named.
  .describe(
    'At most 50 attributes; each name is a letter, then letters, digits, _ or - (50 at most), else 422',
  );

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
// A host name whose last label starts with a letter, or a dotted IPv4 address (a picture served
// by the shop itself in development, e.g. http://127.0.0.1:8080/images/...).
const HOST = `(?:(?:${LABEL}\\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|(?:${OCTET}\\.){3}${OCTET})`;
const HTTP_URL = new RegExp(
  `^https?://${HOST}(?::[0-9]{1,4})?(?:/[A-Za-z0-9_.~%!$&'()*+,;=:@/-]*)?$`,
);

/** An item's category: the slug of an existing category (else 422 `unknown-category`). */
export const Category = CategorySlug;

export const ItemInput = z.strictObject({
  upc: Upc,
  name: Text(200),
  description: z.string().max(5_000).default(''),
  unitPrice: MinorUnits,
  currency: Currency.default(DEFAULT_CURRENCY),
  pictures: z
    .array(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .max(500)
        // The protocol and a host name or IPv4 address (a bare number would be read as one).
        .regex(HTTP_URL, { error: 'must be an http(s) URL with a host name' }),
    )
    .max(10)
    .default([]),
  category: Category,
  attributes: Attributes.default({}),
});
export type ItemInput = z.infer<typeof ItemInput>;

export const CreateItemBody = ItemInput.extend({
  initialStock: z.int().min(0).max(1_000_000).default(0),
});
export type CreateItemBody = z.infer<typeof CreateItemBody>;

export const Inventory = z.object({
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
});

export const Item = z.object({
  id: Uuid,
  upc: z.string(),
  name: z.string(),
  description: z.string(),
  unitPrice: MinorUnits,
  currency: Currency,
  pictures: z.array(z.string()),
  category: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  inventory: Inventory,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Item = z.infer<typeof Item>;

/** `ids=a,b,c`: up to 100 item ids (a cart or order reads all its items in one call). */
/** The UUIDs `Uuid` accepts (zod's rule), as a pattern to repeat in a list. */
const UUID_PATTERN =
  '(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)';
const IdList = z
  .string()
  .regex(new RegExp(`^${UUID_PATTERN}(,${UUID_PATTERN}){0,99}$`), {
    error: 'must be 1 to 100 UUIDs separated by commas',
  })
  .transform((value) => [...new Set(value.split(',').map((id) => id.trim()))])
  .pipe(z.array(Uuid).min(1).max(100, { error: 'at most 100 ids' }));

/**
 * The fixed price bands of the search facets, on `unitPrice` in minor units (bounds inclusive):
 * under 10, 10–50, 50–100 and 100 or more in the major unit of a two-decimal currency (USD).
 */
export const PriceBandKey = z.enum(['under-10', '10-50', '50-100', '100-plus']);
export type PriceBandKey = z.infer<typeof PriceBandKey>;
export interface PriceBand {
  band: PriceBandKey;
  minPrice: number;
  /** Inclusive; null: no upper bound. */
  maxPrice: number | null;
}
export const PRICE_BANDS: readonly PriceBand[] = [
  { band: 'under-10', minPrice: 0, maxPrice: 999 },
  { band: '10-50', minPrice: 1_000, maxPrice: 4_999 },
  { band: '50-100', minPrice: 5_000, maxPrice: 9_999 },
  { band: '100-plus', minPrice: 10_000, maxPrice: null },
];

export const ItemListQuery = z.strictObject({
  ids: IdList.optional(),
  q: Text(100, { blank: true })
    .describe(
      'Words to search for in names and descriptions (each must start a word of the item); with words, results come by relevance, not newest first',
    )
    .optional(),
  category: Category.optional(),
  minPrice: QueryInt(0, 1_000_000_000).optional(),
  maxPrice: QueryInt(0, 1_000_000_000).optional(),
  priceBand: PriceBandKey.describe(
    'One of the price bands of `facets.priceBands` (under-10: 0–999, 10-50: 1000–4999, 50-100: 5000–9999, 100-plus: 10000 and more, in minor units); combined with minPrice/maxPrice, all apply',
  ).optional(),
  limit: PageLimit,
  cursor: z
    .string()
    .max(2_048)
    .describe('The `nextCursor` of the previous page; any other string is refused with 422')
    .optional(),
});
export type ItemListQuery = z.infer<typeof ItemListQuery>;

export const SearchFacets = z
  .object({
    categories: z
      .array(z.object({ name: z.string(), count: z.int() }))
      .describe('Matches per category, most first; counted without the `category` filter'),
    priceBands: z
      .array(
        z.object({
          band: PriceBandKey,
          minPrice: z.int(),
          maxPrice: z.int().nullable(),
          count: z.int(),
        }),
      )
      .describe(
        'Matches per price band (every band, in price order); counted without the price filters',
      ),
    complete: z
      .boolean()
      .describe('False when more items matched than the counts scan (10 000, the newest)'),
  })
  .describe(
    'Counts over all matches of the query (not just this page); present when `q`, `category`, `priceBand`, `minPrice` or `maxPrice` is given',
  );
export type SearchFacets = z.infer<typeof SearchFacets>;

export const ItemPage = z.object({
  items: z.array(Item),
  nextCursor: z.string().nullable(),
  facets: SearchFacets.optional(),
});

/** `upcs=a,b,c`: up to 50 UPCs, each checked (an order's lines by UPC, resolved at once). */
const UpcList = z
  .string()
  .regex(/^ *[0-9]{12,13}( *, *[0-9]{12,13}){0,49} *$/, {
    error: 'must be 1 to 50 UPCs of 12 or 13 digits, comma-separated',
  })
  .describe(
    '1 to 50 UPCs, comma-separated; each must carry its GS1 check digit (a wrong one is refused with 422)',
  )
  .transform((value) => [...new Set(value.split(',').map((upc) => upc.trim()))])
  .pipe(z.array(Upc).min(1).max(50, { error: 'at most 50 UPCs' }));

export const UpcLookupQuery = z.strictObject({ upcs: UpcList });
export type UpcLookupQuery = z.infer<typeof UpcLookupQuery>;

/** The live items with those UPCs, and the UPCs no live item has. */
export const UpcLookup = z.strictObject({
  items: z.array(Item),
  unknown: z.array(z.string()),
});
export type UpcLookup = z.infer<typeof UpcLookup>;

export const ItemIdParams = z.strictObject({ id: Uuid });
export const UpcParams = z.strictObject({ upc: Upc });

export const Availability = z.object({
  itemId: Uuid,
  available: z.int(),
  onHand: z.int(),
  reserved: z.int(),
});

export const InventoryAdjustmentBody = z.strictObject({
  delta: z
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((delta) => delta !== 0, { error: 'must not be zero' })
    .meta({ not: { enum: [0] } }),
  reason: Text(200),
});

export const HOLD_STATUSES = [
  'PENDING',
  'HELD',
  'REHOLDING',
  'COMMITTING',
  'COMMITTED',
  'RELEASING',
  'RELEASED',
  'EXPIRED',
  'RESTOCKING',
  'RESTOCKED',
  'FAILED',
] as const;
export const HoldStatus = z.enum(HOLD_STATUSES);
export type HoldStatus = z.infer<typeof HoldStatus>;

const HoldLines = z
  .array(HoldLine)
  .min(1)
  .max(50)
  .refine((lines) => new Set(lines.map((line) => line.itemId)).size === lines.length, {
    error: 'each item may appear once',
    params: UNSTATED_RULE,
  })
  .describe('Each item appears in one line at most; a repeated itemId is refused with 422');

export const PlaceHoldBody = z.strictObject({
  orderId: Uuid,
  lines: HoldLines,
  ttlSeconds: z.int().min(10).max(86_400).optional(),
});
export type PlaceHoldBody = z.infer<typeof PlaceHoldBody>;

export const UpdateHoldBody = z.strictObject({ lines: HoldLines });

export const HoldParams = z.strictObject({ orderId: Uuid });

export const Hold = z.object({
  orderId: Uuid,
  status: HoldStatus,
  lines: z.array(HoldLine),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Hold = z.infer<typeof Hold>;

/** A line a hold could not get: what was asked and what is available. */
export const ShortLine = z.object({ itemId: Uuid, requested: z.int(), available: z.int() });
export type ShortLine = z.infer<typeof ShortLine>;
