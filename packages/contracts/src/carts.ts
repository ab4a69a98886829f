import { z } from 'zod';
import { Address, Currency, MinorUnits, Quantity, Timestamp, Uuid } from './primitives.js';

/** A cart holds at most as many lines as an order may have. */
export const MAX_CART_LINES = 50;

export const AddCartItemBody = z.strictObject({
  itemId: Uuid,
  /** Added to the quantity already in the cart. */
  quantity: Quantity.default(1),
});
export type AddCartItemBody = z.infer<typeof AddCartItemBody>;

export const UpdateCartItemBody = z.strictObject({ quantity: Quantity });

export const CartItemParams = z.strictObject({ itemId: Uuid });

/** A request without a body checks out without a shipping address. */
export const CheckoutBody = z.strictObject({ shippingAddress: Address.optional() }).nullish();

/**
 * How a line looks against the catalog right now: `AVAILABLE`, `INSUFFICIENT_STOCK` (fewer on
 * hand than the quantity), `UNAVAILABLE` (the item left the catalog) or `UNKNOWN` (item-service
 * could not be asked; the cart is still shown).
 */
export const CartLineStatus = z.enum(['AVAILABLE', 'INSUFFICIENT_STOCK', 'UNAVAILABLE', 'UNKNOWN']);
export type CartLineStatus = z.infer<typeof CartLineStatus>;

/** A cart line with the item's current name, price and stock (never a stored price). */
export const CartLine = z.object({
  itemId: Uuid,
  quantity: Quantity,
  addedAt: Timestamp,
  status: CartLineStatus,
  name: z.string().nullable(),
  upc: z.string().nullable(),
  picture: z.string().nullable(),
  unitPrice: MinorUnits.nullable(),
  lineTotal: MinorUnits.nullable(),
  currency: Currency,
  /** Units that can be bought now; null when unknown. */
  available: z.int().nullable(),
});
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z.object({
  userId: Uuid,
  items: z.array(CartLine),
  /** Units in the cart, all lines together. */
  itemCount: z.int(),
  /** Sum of the priced lines at current prices; the order takes its own snapshot. */
  subtotal: MinorUnits,
  currency: Currency,
  /** Every line is AVAILABLE: checkout should succeed unless stock moves first. */
  readyForCheckout: z.boolean(),
  /** Bumped by every change; a checkout without Idempotency-Key is keyed on it. */
  version: z.int(),
  updatedAt: Timestamp.nullable(),
});
export type Cart = z.infer<typeof Cart>;
