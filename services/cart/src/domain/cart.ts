import type { AddCartItemBody } from '@shop/contracts';
import { UnavailableError, UnprocessableError } from '@shop/platform/errors';
import { quantityAfterAdding, removeLine, requireLine, setLine } from './cart-rules.js';
import type { CartDeps, StoredCart } from './ports.js';
import { priceCart } from './pricing.js';

/** The cart priced live; when item-service is down the lines are still shown (UNKNOWN). */
export const viewCart = async (deps: CartDeps, userId: string, stored?: StoredCart) => {
  const cart = stored ?? (await deps.carts.find(userId));
  if (cart.lines.length === 0) return priceCart(cart, new Map());
  try {
    return priceCart(cart, await deps.catalog.items(cart.lines.map((line) => line.itemId)));
  } catch (error) {
    if (error instanceof UnavailableError) return priceCart(cart, null);
    throw error;
  }
};

const catalogItem = async (deps: CartDeps, itemId: string) => {
  const item = (await deps.catalog.items([itemId])).get(itemId);
  if (!item) throw new UnprocessableError('unknown-item', `Item ${itemId} does not exist`);
  return item;
};

/** Adds units of an item (to those already in the cart). */
export const addItem = async (deps: CartDeps, userId: string, body: AddCartItemBody) => {
  const item = await catalogItem(deps, body.itemId);
  const cart = await deps.carts.change(userId, deps.now(), (current) =>
    setLine(current, item, quantityAfterAdding(current, item.id, body.quantity)),
  );
  return await viewCart(deps, userId, cart);
};

/** Sets a line's quantity; the item must already be in the cart. */
export const setQuantity = async (
  deps: CartDeps,
  userId: string,
  itemId: string,
  quantity: number,
) => {
  // Checked before asking the catalog (no call for a line that is not there), and again
  // under the lock, where it counts.
  requireLine(await deps.carts.find(userId), itemId);
  const item = await catalogItem(deps, itemId);
  const cart = await deps.carts.change(userId, deps.now(), (current) => {
    requireLine(current, itemId);
    return setLine(current, item, quantity);
  });
  return await viewCart(deps, userId, cart);
};

export const removeItem = async (deps: CartDeps, userId: string, itemId: string) => {
  const cart = await deps.carts.change(userId, deps.now(), (current) =>
    removeLine(current, itemId),
  );
  return await viewCart(deps, userId, cart);
};

export const clearCart = async (deps: CartDeps, userId: string) => {
  await deps.carts.change(userId, deps.now(), () => ({ kind: 'clear' }));
};
