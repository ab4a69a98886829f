import { type AddCartItemBody, MAX_CART_LINES, MAX_LINE_QUANTITY } from '@shop/contracts';
import {
  ConflictError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
} from '@shop/platform/errors';
import type { CartChange, CartDeps, CatalogItem, StoredCart } from './ports.js';
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

const lineOf = (cart: StoredCart, itemId: string) =>
  cart.lines.find((line) => line.itemId === itemId);

/** The cart's rules for a line at `quantity`, checked under the cart's lock. */
const setLine = (cart: StoredCart, item: CatalogItem, quantity: number): CartChange => {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new UnprocessableError(
      'quantity-too-large',
      `A cart line holds at most ${MAX_LINE_QUANTITY} units; item ${item.id} would have ${quantity}`,
    );
  }
  if (quantity > item.available) {
    throw new ConflictError(
      'insufficient-stock',
      `Only ${Math.max(0, item.available)} of item ${item.id} are available; the cart would hold ${quantity}`,
      {
        extensions: {
          itemId: item.id,
          requested: quantity,
          available: Math.max(0, item.available),
        },
      },
    );
  }
  if (!lineOf(cart, item.id)) {
    if (cart.lines.length >= MAX_CART_LINES) {
      throw new UnprocessableError(
        'cart-full',
        `A cart holds at most ${MAX_CART_LINES} different items`,
      );
    }
    const other = cart.lines.find((line) => line.currency !== item.currency);
    if (other) {
      throw new UnprocessableError(
        'mixed-currencies',
        `Item ${item.id} is priced in ${item.currency} but the cart is in ${other.currency}`,
      );
    }
  }
  return { kind: 'set', itemId: item.id, quantity, currency: item.currency };
};

const notInCart = (itemId: string) => new NotFoundError(`Item ${itemId} is not in the cart`);

/** Adds units of an item (to those already in the cart). */
export const addItem = async (deps: CartDeps, userId: string, body: AddCartItemBody) => {
  const item = await catalogItem(deps, body.itemId);
  const cart = await deps.carts.change(userId, deps.now(), (current) =>
    setLine(current, item, (lineOf(current, item.id)?.quantity ?? 0) + body.quantity),
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
  if (!lineOf(await deps.carts.find(userId), itemId)) throw notInCart(itemId);
  const item = await catalogItem(deps, itemId);
  const cart = await deps.carts.change(userId, deps.now(), (current) => {
    if (!lineOf(current, itemId)) throw notInCart(itemId);
    return setLine(current, item, quantity);
  });
  return await viewCart(deps, userId, cart);
};

export const removeItem = async (deps: CartDeps, userId: string, itemId: string) => {
  const cart = await deps.carts.change(userId, deps.now(), (current) => {
    if (!lineOf(current, itemId)) throw notInCart(itemId);
    return { kind: 'remove', itemId };
  });
  return await viewCart(deps, userId, cart);
};

export const clearCart = async (deps: CartDeps, userId: string) => {
  await deps.carts.change(userId, deps.now(), () => ({ kind: 'clear' }));
};
