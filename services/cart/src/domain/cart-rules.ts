import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@shop/contracts';
import { ConflictError, NotFoundError, UnprocessableError } from '@shop/platform/errors';
import type { CartChange, CatalogItem, CheckoutLine, StoredCart } from './ports.js';

/** The cart's rules, as plain functions over the stored cart and the catalog's item. */

export const lineOf = (cart: StoredCart, itemId: string) =>
  cart.lines.find((line) => line.itemId === itemId);

/** The line of `itemId`, which must be in the cart (404 otherwise: changing it means nothing). */
export const requireLine = (cart: StoredCart, itemId: string) => {
  const line = lineOf(cart, itemId);
  if (!line) throw new NotFoundError(`Item ${itemId} is not in the cart`);
  return line;
};

/** The quantity a line would hold after adding `units` to what is there. */
export const quantityAfterAdding = (cart: StoredCart, itemId: string, units: number) =>
  (lineOf(cart, itemId)?.quantity ?? 0) + units;

/** A line holds at most MAX_LINE_QUANTITY units. */
export const checkLineLimit = (itemId: string, quantity: number) => {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new UnprocessableError(
      'quantity-too-large',
      `A cart line holds at most ${MAX_LINE_QUANTITY} units; item ${itemId} would have ${quantity}`,
    );
  }
};

/** The catalog must have the units available now (a negative availability counts as none). */
export const checkStock = (item: CatalogItem, quantity: number) => {
  if (quantity <= item.available) return;
  const available = Math.max(0, item.available);
  throw new ConflictError(
    'insufficient-stock',
    `Only ${available} of item ${item.id} are available; the cart would hold ${quantity}`,
    { extensions: { itemId: item.id, requested: quantity, available } },
  );
};

/** A new line needs room: at most MAX_CART_LINES different items. */
export const checkRoomForLine = (cart: StoredCart) => {
  if (cart.lines.length >= MAX_CART_LINES) {
    throw new UnprocessableError(
      'cart-full',
      `A cart holds at most ${MAX_CART_LINES} different items`,
    );
  }
};

/** Every line of a cart is priced in one currency. */
export const checkCurrency = (cart: StoredCart, item: CatalogItem) => {
  const other = cart.lines.find((line) => line.currency !== item.currency);
  if (other) {
    throw new UnprocessableError(
      'mixed-currencies',
      `Item ${item.id} is priced in ${item.currency} but the cart is in ${other.currency}`,
    );
  }
};

/**
 * The change that puts `quantity` units of `item` in the cart, or the refusal: the line limit,
 * the stock, and for a new line the cart's size and currency. Decided under the cart's lock.
 */
export const setLine = (cart: StoredCart, item: CatalogItem, quantity: number): CartChange => {
  checkLineLimit(item.id, quantity);
  checkStock(item, quantity);
  if (!lineOf(cart, item.id)) {
    checkRoomForLine(cart);
    checkCurrency(cart, item);
  }
  return { kind: 'set', itemId: item.id, quantity, currency: item.currency };
};

/** Taking a line out: it must be there. */
export const removeLine = (cart: StoredCart, itemId: string): CartChange => {
  requireLine(cart, itemId);
  return { kind: 'remove', itemId };
};

/**
 * What a completed order takes out of the cart: the bought quantity of each line it bought
 * (a line with no more than that goes). Lines added or raised since the checkout keep the
 * rest; items no longer in the cart are nothing to take.
 */
export const purchaseChanges = (cart: StoredCart, bought: CheckoutLine[]): CartChange[] =>
  bought.flatMap(({ itemId, quantity }): CartChange[] => {
    const line = lineOf(cart, itemId);
    if (!line) return [];
    if (line.quantity <= quantity) return [{ kind: 'remove', itemId }];
    return [{ kind: 'set', itemId, quantity: line.quantity - quantity, currency: line.currency }];
  });
