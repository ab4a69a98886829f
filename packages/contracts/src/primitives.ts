import { z } from 'zod';
import { MAX_MINOR_UNITS } from './money.js';

/**
 * The `params` of a refinement JSON Schema cannot state (a check digit, lines unique by item):
 * the schema's description names the rule, and a request that breaks only such rules is refused
 * with 422, not 400 (400 means "invalid per the API document"; platform/src/problem.ts).
 */
export const UNSTATED_RULE = { unstated: true } as const;

// Patterns of request schemas spell out [0-9] and [A-Za-z0-9_]: a client or fuzzer reading the
// API document may take \d and \w as the Unicode classes of its own language.

/**
 * Text of at most `max` characters as sent, trimmed by the server; unless `optional`, with at
 * least one character that is not blank (the pattern says so in the API document, since the
 * trimming happens only on the server).
 */
export const Text = (max: number, { blank = false } = {}) =>
  blank
    ? z.string().max(max).trim()
    : z
        .string()
        .max(max)
        .regex(/[^\s\uFEFF]/, { error: 'must not be blank' })
        .trim()
        .min(1);

/**
 * A card number as typed: 13 to 19 digits, single spaces or dashes between them allowed. Its
 * Luhn check digit and the card's expiry are checked by the server (422 when wrong).
 */
export const CardNumber = z
  .string()
  .regex(/^[0-9](?:[ -]?[0-9]){12,18}$/, {
    error: 'must be 13 to 19 digits (single spaces or dashes between them allowed)',
  })
  .describe(
    '13 to 19 digits, single spaces or dashes between them allowed; the last digit must be the Luhn check digit and the card must not have expired (expMonth/expYear), else 422',
  );

/** Ids are UUIDs everywhere (docs/contract/README.md#paths-bodies-ids-time-and-money). */
export const Uuid = z.uuid({ error: 'must be a UUID' });

/** ISO 4217 alphabetic code. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code such as USD' });
export type Currency = z.infer<typeof Currency>;
export const DEFAULT_CURRENCY: Currency = 'USD';

/** Money is an integer number of minor units (cents); floats are refused, never rounded. */
export const MinorUnits = z
  .int({ error: 'must be an integer amount in minor units (cents)' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_MINOR_UNITS, { error: `must be at most ${MAX_MINOR_UNITS}` });

/** Quantity of one line of an order, hold or cart. */
export const MAX_LINE_QUANTITY = 1_000;
export const Quantity = z
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(MAX_LINE_QUANTITY, { error: `must be at most ${MAX_LINE_QUANTITY}` });

/** UTC timestamp as produced by Date.prototype.toISOString(). */
export const Timestamp = z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' });

/** Postal address; country is ISO 3166-1 alpha-2. */
export const Address = z.strictObject({
  line1: Text(200),
  line2: Text(200, { blank: true }).optional(),
  city: Text(100),
  state: Text(100, { blank: true }).optional(),
  postalCode: Text(20),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code such as US' }),
});
export type Address = z.infer<typeof Address>;

export const SERVICE_NAMES = [
  'account-service',
  'item-service',
  'order-service',
  'payment-service',
  'cart-service',
  'notification-service',
  'gateway',
] as const;
export const ServiceName = z.enum(SERVICE_NAMES);
export type ServiceName = z.infer<typeof ServiceName>;

/**
 * A whole number in a query string (`?limit=20`), bounded: an integer parameter with its bounds in
 * the API document, although the server reads it as the string it is.
 */
export const QueryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max });

/** `limit` of every paginated list (docs/contract/README.md#lists: at most 100). */
export const PageLimit = QueryInt(1, 100).default(20);
