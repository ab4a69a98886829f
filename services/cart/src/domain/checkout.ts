import { createHash } from 'node:crypto';
import type { Address } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import type { CartDeps } from './ports.js';

export interface Customer {
  id: string;
  /** The customer's own bearer credentials, relayed to order-service. */
  credentials: string;
}

/**
 * The order-service Idempotency-Key of a checkout. With the client's key, a retried checkout
 * returns the first order even if the cart moved on. Without one, the key is the cart's
 * version: a double click places one order, and the version bump after a checkout lets the
 * same cart be ordered again later (say, after that order was cancelled).
 */
const orderKey = (cartVersion: number, clientKey: string | undefined) =>
  clientKey
    ? `cart-${createHash('sha256').update(clientKey).digest('hex').slice(0, 40)}`
    : `cart-version-${cartVersion}`;

/**
 * Places an order for the cart's lines at order-service (which prices them and holds the stock),
 * records the checkout, and leaves the cart as it is: OrderCompleted removes what was bought,
 * while a cancelled or failed order leaves the cart for another try.
 */
export const checkout = async (
  deps: CartDeps,
  customer: Customer,
  body: { shippingAddress?: Address | undefined } | null | undefined,
  clientKey?: string,
) => {
  const cart = await deps.carts.find(customer.id);
  if (cart.lines.length === 0) throw new ConflictError('cart-empty', 'The cart is empty');
  const lines = cart.lines.map(({ itemId, quantity }) => ({ itemId, quantity }));
  const order = await deps.orders.place(
    customer.credentials,
    { items: lines, shippingAddress: body?.shippingAddress },
    orderKey(cart.version, clientKey),
  );
  await deps.carts.recordCheckout({
    orderId: order.id,
    userId: customer.id,
    cartVersion: cart.version,
    lines: order.items.map(({ itemId, quantity }) => ({ itemId, quantity })),
    createdAt: deps.now(),
  });
  return order;
};

/** OrderCompleted: the order's lines leave the cart, once, whatever the redeliveries. */
export const completeCheckout = async (deps: CartDeps, orderId: string, eventId: string) =>
  await deps.carts.completeCheckout(orderId, eventId, deps.now());
