import { createHash } from 'node:crypto';
import type { Address, Order } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import { purchaseChanges } from './cart-rules.js';
import type { CartDeps, Checkout, OrderRequest, StoredCart } from './ports.js';

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
export const orderKey = (cartVersion: number, clientKey: string | undefined) =>
  clientKey
    ? `cart-${createHash('sha256').update(clientKey).digest('hex').slice(0, 40)}`
    : `cart-version-${cartVersion}`;

/** The order a cart asks for: its lines (item and quantity only; order-service prices them). */
export const orderRequestOf = (
  cart: StoredCart,
  shippingAddress: Address | undefined,
): OrderRequest => {
  if (cart.lines.length === 0) throw new ConflictError('cart-empty', 'The cart is empty');
  return {
    items: cart.lines.map(({ itemId, quantity }) => ({ itemId, quantity })),
    shippingAddress,
  };
};

/** What is remembered of a checkout: the lines the order took (as order-service placed them). */
export const checkoutOf = (
  userId: string,
  cart: StoredCart,
  order: Order,
  now: Date,
): Checkout => ({
  orderId: order.id,
  userId,
  cartVersion: cart.version,
  lines: order.items.map(({ itemId, quantity }) => ({ itemId, quantity })),
  createdAt: now,
});

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
  const order = await deps.orders.place(
    customer.credentials,
    orderRequestOf(cart, body?.shippingAddress),
    orderKey(cart.version, clientKey),
  );
  await deps.carts.recordCheckout(checkoutOf(customer.id, cart, order, deps.now()));
  return order;
};

/**
 * OrderCompleted: the order's lines leave the cart (`purchaseChanges`), once, whatever the
 * redeliveries; an order not placed from the cart changes nothing. False when nothing changed.
 */
export const completeCheckout = async (
  deps: CartDeps,
  event: { orderId: string; eventId: string },
) =>
  await deps.carts.completeCheckout(event.orderId, event.eventId, deps.now(), (cart, placed) =>
    purchaseChanges(cart, placed.lines),
  );
