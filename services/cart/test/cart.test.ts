import { closedPortUrl } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { bearer, cartCall, storedLines as linesIn, useCartService } from './support.js';

const harness = useCartService();

const storedLines = async (userId: string) => await linesIn(harness, userId);

describe('cart', () => {
  it('when a customer adds items, then the cart shows them with live prices and stock', async () => {
    const { id, token } = harness.accounts.customer();
    const lamp = harness.catalog.add({ unitPrice: 3_500, initialStock: 10 });
    const chair = harness.catalog.add({ unitPrice: 12_000, initialStock: 2, name: 'Chair' });

    expect(
      (await cartCall(harness, token, 'POST', '/items', { itemId: lamp.id, quantity: 2 }))
        .statusCode,
    ).toBe(200);
    await cartCall(harness, token, 'POST', '/items', { itemId: chair.id });
    const again = await cartCall(harness, token, 'POST', '/items', {
      itemId: lamp.id,
      quantity: 1,
    });

    expect(again.statusCode).toBe(200);
    const cart = again.json();
    expect(cart).toMatchObject({
      userId: id,
      itemCount: 4,
      subtotal: 3 * 3_500 + 12_000,
      currency: 'USD',
      readyForCheckout: true,
    });
    expect(cart.items).toMatchObject([
      {
        itemId: lamp.id,
        quantity: 3,
        unitPrice: 3_500,
        lineTotal: 10_500,
        available: 10,
        status: 'AVAILABLE',
        picture: 'https://img.example/lamp.jpg',
      },
      {
        itemId: chair.id,
        quantity: 1,
        name: 'Chair',
        lineTotal: 12_000,
        available: 2,
        status: 'AVAILABLE',
      },
    ]);
    expect((await cartCall(harness, token, 'GET', '')).json()).toEqual(cart);
    expect(await storedLines(id)).toEqual([
      { itemId: lamp.id, quantity: 3 },
      { itemId: chair.id, quantity: 1 },
    ]);
  });

  it('when a quantity is set or a line removed, then only that line changes', async () => {
    const { id, token } = harness.accounts.customer();
    const lamp = harness.catalog.add();
    const chair = harness.catalog.add();
    await cartCall(harness, token, 'POST', '/items', { itemId: lamp.id, quantity: 1 });
    await cartCall(harness, token, 'POST', '/items', { itemId: chair.id, quantity: 1 });

    const patched = await cartCall(harness, token, 'PATCH', `/items/${lamp.id}`, { quantity: 5 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().items[0]).toMatchObject({ itemId: lamp.id, quantity: 5 });

    const removed = await cartCall(harness, token, 'DELETE', `/items/${chair.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items.map((line: { itemId: string }) => line.itemId)).toEqual([lamp.id]);
    expect(await storedLines(id)).toEqual([{ itemId: lamp.id, quantity: 5 }]);

    for (const response of [
      await cartCall(harness, token, 'PATCH', `/items/${chair.id}`, { quantity: 1 }),
      await cartCall(harness, token, 'DELETE', `/items/${chair.id}`),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe(`Item ${chair.id} is not in the cart`);
    }
  });

  it('when the cart is emptied, then it answers 204 and shows no lines', async () => {
    const { id, token } = harness.accounts.customer();
    await cartCall(harness, token, 'POST', '/items', { itemId: harness.catalog.add().id });
    const before = (await cartCall(harness, token, 'GET', '')).json().version;

    expect((await cartCall(harness, token, 'DELETE', '')).statusCode).toBe(204);

    const cart = (await cartCall(harness, token, 'GET', '')).json();
    expect(cart).toMatchObject({ items: [], itemCount: 0, subtotal: 0, readyForCheckout: false });
    expect(cart.version).toBeGreaterThan(before);
    expect(await storedLines(id)).toEqual([]);
  });

  it('when more is asked than is in stock, then 409 names what is available and nothing changes', async () => {
    const { id, token } = harness.accounts.customer();
    const item = harness.catalog.add({ initialStock: 3 });
    await cartCall(harness, token, 'POST', '/items', { itemId: item.id, quantity: 2 });

    for (const response of [
      await cartCall(harness, token, 'POST', '/items', { itemId: item.id, quantity: 2 }),
      await cartCall(harness, token, 'PATCH', `/items/${item.id}`, { quantity: 4 }),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'insufficient-stock',
        available: 3,
        requested: 4,
      });
    }
    expect(await storedLines(id)).toEqual([{ itemId: item.id, quantity: 2 }]);
  });

  it('when an unknown item or another currency is added, then 422 and nothing changes', async () => {
    const { id, token } = harness.accounts.customer();
    const dollars = harness.catalog.add();
    const euros = harness.catalog.add({ currency: 'EUR' });
    await cartCall(harness, token, 'POST', '/items', { itemId: dollars.id });

    const unknown = await cartCall(harness, token, 'POST', '/items', {
      itemId: crypto.randomUUID(),
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('unknown-item');
    const mixed = await cartCall(harness, token, 'POST', '/items', { itemId: euros.id });
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().detail).toBe(`Item ${euros.id} is priced in EUR but the cart is in USD`);
    expect(await storedLines(id)).toEqual([{ itemId: dollars.id, quantity: 1 }]);
  });

  it('when the input is malformed, then 400 problem+json names the field and nothing changes', async () => {
    const { id, token } = harness.accounts.customer();
    const item = harness.catalog.add();
    const bad = [
      { itemId: item.id, quantity: 0 },
      { itemId: item.id, quantity: 1.5 },
      { itemId: item.id, quantity: '2' },
      { itemId: item.id, quantity: 1_001 },
      { itemId: 'lamp' },
      { itemId: { $gt: '' } },
      { itemId: item.id, unitPrice: 1 },
    ];
    for (const payload of bad) {
      const response = await cartCall(harness, token, 'POST', '/items', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].path).toMatch(/^body/);
    }
    const malformed = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '{"itemId": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(
      (await cartCall(harness, token, 'PATCH', '/items/not-a-uuid', { quantity: 1 })).statusCode,
    ).toBe(400);
    expect(
      (await cartCall(harness, token, 'POST', '/checkout', { shippingAddress: 'home' })).statusCode,
    ).toBe(400);
    expect(await storedLines(id)).toEqual([]);
  });

  it('when another customer uses the cart API, then they only ever reach their own cart', async () => {
    const owner = harness.accounts.customer();
    const other = harness.accounts.customer();
    const item = harness.catalog.add();
    await cartCall(harness, owner.token, 'POST', '/items', { itemId: item.id, quantity: 2 });

    expect((await cartCall(harness, other.token, 'GET', '')).json()).toMatchObject({
      userId: other.id,
      items: [],
    });
    expect(
      (await cartCall(harness, other.token, 'PATCH', `/items/${item.id}`, { quantity: 9 }))
        .statusCode,
    ).toBe(404);
    expect((await cartCall(harness, other.token, 'DELETE', `/items/${item.id}`)).statusCode).toBe(
      404,
    );
    expect((await cartCall(harness, other.token, 'DELETE', '')).statusCode).toBe(204);

    expect(await storedLines(owner.id)).toEqual([{ itemId: item.id, quantity: 2 }]);
  });

  it('when no valid token is sent, then 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer nonsense' }]) {
      const response = await harness.app.inject({ method: 'GET', url: '/api/v1/cart', headers });
      expect(response.statusCode).toBe(401);
    }
  });

  it('when anonymous with a bad body, then 401 before the body is validated', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      payload: { itemId: { $gt: '' }, quantity: 'lots', unitPrice: 1 },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).not.toHaveProperty('errors');
  });

  it("when a service calls with its SERVICE token, even with a bad body, then 403: carts are people's", async () => {
    const token = harness.accounts.serviceToken('order-service');
    const add = await cartCall(harness, token, 'POST', '/items', { quantity: 'lots' });
    const view = await cartCall(harness, token, 'GET', '');
    expect([add.statusCode, view.statusCode]).toEqual([403, 403]);
  });

  it('when the catalog changes, then the cart shows the new price and the item that left', async () => {
    const { token } = harness.accounts.customer();
    const kept = harness.catalog.add({ unitPrice: 1_000 });
    const dropped = harness.catalog.add();
    await cartCall(harness, token, 'POST', '/items', { itemId: kept.id, quantity: 2 });
    await cartCall(harness, token, 'POST', '/items', { itemId: dropped.id });
    harness.catalog.update(kept.id, { unitPrice: 1_250 });
    harness.catalog.remove(dropped.id);

    const cart = (await cartCall(harness, token, 'GET', '')).json();
    expect(cart.items).toMatchObject([
      { itemId: kept.id, unitPrice: 1_250, lineTotal: 2_500, status: 'AVAILABLE' },
      { itemId: dropped.id, unitPrice: null, status: 'UNAVAILABLE', available: 0 },
    ]);
    expect(cart).toMatchObject({ subtotal: 2_500, readyForCheckout: false });
  });

  it('when item-service is unreachable, then the cart is still shown and adding answers 503', async () => {
    const { token } = harness.accounts.customer();
    const item = harness.catalog.add();
    await cartCall(harness, token, 'POST', '/items', { itemId: item.id, quantity: 2 });
    const cut = await harness.cartWith({ itemServiceUrl: await closedPortUrl() });
    try {
      const cart = await cut.inject({ method: 'GET', url: '/api/v1/cart', headers: bearer(token) });
      expect(cart.statusCode).toBe(200);
      expect(cart.json().items).toMatchObject([
        { itemId: item.id, quantity: 2, status: 'UNKNOWN', unitPrice: null },
      ]);
      const add = await cut.inject({
        method: 'POST',
        url: '/api/v1/cart/items',
        headers: bearer(token),
        payload: { itemId: item.id },
      });
      expect(add.statusCode).toBe(503);
      expect(add.json().detail).toBe('item-service is unreachable; try again');
    } finally {
      await cut.close();
    }
  });
});
