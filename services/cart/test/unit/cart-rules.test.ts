import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@shop/contracts';
import { DomainError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import {
  purchaseChanges,
  quantityAfterAdding,
  removeLine,
  setLine,
} from '../../src/domain/cart-rules.js';
import { orderKey, orderRequestOf } from '../../src/domain/checkout.js';
import type { StoredCart } from '../../src/domain/ports.js';
import { priceCart } from '../../src/domain/pricing.js';
import { catalogItem } from './in-memory.js';

const cartOf = (
  ...lines: { itemId: string; quantity: number; currency?: string }[]
): StoredCart => ({
  userId: crypto.randomUUID(),
  version: 3,
  updatedAt: new Date('2030-01-01T00:00:00Z'),
  lines: lines.map((line, index) => ({
    currency: 'USD',
    addedAt: new Date(Date.UTC(2030, 0, 1, 0, index)),
    ...line,
  })),
});

/** The domain error `run` throws (its code and status), or a failure if it throws none. */
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, status: error.status, error };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('cart rules', () => {
  it('when a new item fits every rule, then the change sets its line in the item currency', () => {
    const item = catalogItem({ currency: 'EUR', available: 5 });
    expect(setLine(cartOf(), item, 5)).toEqual({
      kind: 'set',
      itemId: item.id,
      quantity: 5,
      currency: 'EUR',
    });
  });

  it('when units are added to a line, then the quantity is what was there plus the units', () => {
    const item = catalogItem();
    const cart = cartOf({ itemId: item.id, quantity: 2 });
    expect(quantityAfterAdding(cart, item.id, 3)).toBe(5);
    expect(quantityAfterAdding(cart, crypto.randomUUID(), 3)).toBe(3);
  });

  it('when a line would hold more than the line limit, then 422 quantity-too-large', () => {
    const item = catalogItem({ available: MAX_LINE_QUANTITY + 10 });
    expect(setLine(cartOf(), item, MAX_LINE_QUANTITY).kind).toBe('set');
    expect(refusal(() => setLine(cartOf(), item, MAX_LINE_QUANTITY + 1))).toMatchObject({
      code: 'quantity-too-large',
      status: 422,
    });
  });

  it('when more is asked than is available, then 409 insufficient-stock names requested and available', () => {
    const item = catalogItem({ available: 3 });
    expect(setLine(cartOf(), item, 3).kind).toBe('set');
    const { code, status, error } = refusal(() => setLine(cartOf(), item, 4));
    expect({ code, status }).toEqual({ code: 'insufficient-stock', status: 409 });
    expect(error.extensions).toEqual({ itemId: item.id, requested: 4, available: 3 });
  });

  it('when the catalog shows a negative availability, then the refusal says none are available', () => {
    const item = catalogItem({ available: -2 });
    const { error } = refusal(() => setLine(cartOf(), item, 1));
    expect(error.extensions).toMatchObject({ available: 0 });
    expect(error.message).toBe(`Only 0 of item ${item.id} are available; the cart would hold 1`);
  });

  it('when the cart already has the maximum of lines, then a new item is refused but an existing line may change', () => {
    const lines = Array.from({ length: MAX_CART_LINES }, () => ({
      itemId: crypto.randomUUID(),
      quantity: 1,
    }));
    const full = cartOf(...lines);
    expect(refusal(() => setLine(full, catalogItem(), 1))).toMatchObject({ code: 'cart-full' });
    const existing = catalogItem({ id: lines[0]?.itemId });
    expect(setLine(full, existing, 2).kind).toBe('set');
  });

  it('when an item in another currency joins the cart, then 422 mixed-currencies', () => {
    const dollars = catalogItem();
    const euros = catalogItem({ currency: 'EUR' });
    const cart = cartOf({ itemId: dollars.id, quantity: 1 });
    const { code, error } = refusal(() => setLine(cart, euros, 1));
    expect(code).toBe('mixed-currencies');
    expect(error.message).toBe(`Item ${euros.id} is priced in EUR but the cart is in USD`);
  });

  it('when a line is removed, then it must be in the cart (404 otherwise)', () => {
    const itemId = crypto.randomUUID();
    expect(removeLine(cartOf({ itemId, quantity: 1 }), itemId)).toEqual({ kind: 'remove', itemId });
    const other = crypto.randomUUID();
    expect(refusal(() => removeLine(cartOf({ itemId, quantity: 1 }), other))).toMatchObject({
      status: 404,
    });
  });
});

describe('what a completed order takes out of the cart', () => {
  it('when the cart holds exactly or less than was bought, then those lines go', () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const cart = cartOf({ itemId: a, quantity: 2 }, { itemId: b, quantity: 1 });
    expect(
      purchaseChanges(cart, [
        { itemId: a, quantity: 2 },
        { itemId: b, quantity: 3 },
      ]),
    ).toEqual([
      { kind: 'remove', itemId: a },
      { kind: 'remove', itemId: b },
    ]);
  });

  it('when a line was raised after the checkout, then only the bought units leave it', () => {
    const itemId = crypto.randomUUID();
    const cart = cartOf({ itemId, quantity: 5, currency: 'EUR' });
    expect(purchaseChanges(cart, [{ itemId, quantity: 2 }])).toEqual([
      { kind: 'set', itemId, quantity: 3, currency: 'EUR' },
    ]);
  });

  it('when bought items are no longer in the cart, then nothing is taken and other lines stay', () => {
    const kept = crypto.randomUUID();
    const cart = cartOf({ itemId: kept, quantity: 1 });
    expect(purchaseChanges(cart, [{ itemId: crypto.randomUUID(), quantity: 1 }])).toEqual([]);
  });
});

describe('checkout rules', () => {
  it('when the client sends no key, then the order key is the cart version; with one, a hash of it', () => {
    expect(orderKey(7, undefined)).toBe('cart-version-7');
    const keyed = orderKey(7, 'client-key-1');
    expect(keyed).toMatch(/^cart-[0-9a-f]{40}$/);
    expect(orderKey(8, 'client-key-1')).toBe(keyed);
    expect(orderKey(7, 'client-key-2')).not.toBe(keyed);
  });

  it('when the cart is empty, then checkout is refused with 409 cart-empty', () => {
    expect(refusal(() => orderRequestOf(cartOf(), undefined))).toMatchObject({
      code: 'cart-empty',
      status: 409,
    });
  });

  it('when the cart has lines, then the order asks for item ids and quantities only', () => {
    const itemId = crypto.randomUUID();
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
    expect(orderRequestOf(cartOf({ itemId, quantity: 2 }), address)).toEqual({
      items: [{ itemId, quantity: 2 }],
      shippingAddress: address,
    });
  });
});

describe('pricing', () => {
  it('when the catalog answers, then lines are priced now and the cart is ready only if all are available', () => {
    const lamp = catalogItem({ unitPrice: 1_000, available: 5 });
    const chair = catalogItem({ unitPrice: 2_500, available: 1 });
    const gone = crypto.randomUUID();
    const cart = cartOf(
      { itemId: lamp.id, quantity: 2 },
      { itemId: chair.id, quantity: 2 },
      { itemId: gone, quantity: 1 },
    );
    const priced = priceCart(
      cart,
      new Map([
        [lamp.id, lamp],
        [chair.id, chair],
      ]),
    );
    expect(priced.items.map((line) => [line.status, line.lineTotal])).toEqual([
      ['AVAILABLE', 2_000],
      ['INSUFFICIENT_STOCK', 5_000],
      ['UNAVAILABLE', null],
    ]);
    expect(priced).toMatchObject({ itemCount: 5, subtotal: 7_000, readyForCheckout: false });
  });

  it('when the catalog cannot be asked, then every line is UNKNOWN and unpriced', () => {
    const itemId = crypto.randomUUID();
    const priced = priceCart(cartOf({ itemId, quantity: 2 }), null);
    expect(priced.items).toMatchObject([
      { itemId, quantity: 2, status: 'UNKNOWN', unitPrice: null, available: null },
    ]);
    expect(priced).toMatchObject({ subtotal: 0, readyForCheckout: false, version: 3 });
  });
});
