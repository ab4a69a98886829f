import { z } from 'zod';
import { MAX_MINOR_UNITS } from './money.js';

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
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  state: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().min(1).max(20),
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

/** A whole number in a query string (`?limit=20`), bounded. */
export const QueryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(z.int().min(min).max(max));

/** `limit` of every paginated list (docs/contract/README.md#lists: at most 100). */
export const PageLimit = QueryInt(1, 100).default(20);
