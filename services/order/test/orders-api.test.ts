import { randomUpc } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { availability, bearer, createItem, placeOrder, useOrderService } from './support.js';

const harness = useOrderService();

describe('POST /api/v1/orders', () => {
  it('when a customer orders, then 201 PENDING_PAYMENT priced from the catalog, and the stock is held', async () => {
    const customer = harness.accounts.customer();
    const [a, b] = [createItem(harness, 10, 2_500), createItem(harness, 5, 999)];
    const response = await placeOrder(harness, customer.token, [
      { itemId: a.id, quantity: 2 },
      { itemId: b.id, quantity: 3 },
    ]);

    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({
      userId: customer.id,
      status: 'PENDING_PAYMENT',
      paymentStatus: 'NONE',
      totalAmount: 2 * 2_500 + 3 * 999,
      currency: 'USD',
      version: 1,
    });
    expect(order.items).toContainEqual(
      expect.objectContaining({ itemId: a.id, unitPrice: 2_500, quantity: 2, lineTotal: 5_000 }),
    );
    expect(new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime()).toBe(900_000);
    expect(availability(harness, a.id)).toMatchObject({ reserved: 2, available: 8 });
    // The hold outlives the 15-minute payment deadline, so the order's deadline decides.
    expect(harness.items.calls).toContainEqual({
      method: 'POST',
      path: '/api/v1/inventory/holds',
      body: expect.objectContaining({ orderId: order.id, ttlSeconds: 900 + 300 }),
    });
    const read = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(customer.token),
    });
    expect(read.json()).toEqual(order);
  });

  it('when stock is short, then 409 names the line and no order or hold remains', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 1);
    const response = await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 2 }]);
    expect(response.statusCode).toBe(409);
    expect(response.json().shortLines).toEqual([{ itemId: item.id, requested: 2, available: 1 }]);
    const list = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: bearer(customer.token),
    });
    expect(list.json().orders).toEqual([]);
  });

  it('when an item does not exist, then 422', async () => {
    const customer = harness.accounts.customer();
    const response = await placeOrder(harness, customer.token, [
      { itemId: crypto.randomUUID(), quantity: 1 },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('unknown-item');
  });

  it.each([
    [
      'a client-chosen unit price',
      { items: [{ itemId: crypto.randomUUID(), quantity: 1, unitPrice: 1 }] },
    ],
    ['a status', { items: [{ itemId: crypto.randomUUID(), quantity: 1 }], status: 'PAID' }],
    ['no items', { items: [] }],
    ['a zero quantity', { items: [{ itemId: crypto.randomUUID(), quantity: 0 }] }],
    ['an operator as the item id', { items: [{ itemId: { $gt: '' }, quantity: 1 }] }],
  ])('when the body has %s, then 400', async (_case, payload) => {
    const customer = harness.accounts.customer();
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: bearer(customer.token),
      payload,
    });
    expect(response.statusCode).toBe(400);
  });

  it('when the same Idempotency-Key is retried, then the same order; with another body, 422', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 10);
    const key = { 'idempotency-key': `key-${crypto.randomUUID()}` };
    const first = await placeOrder(
      harness,
      customer.token,
      [{ itemId: item.id, quantity: 1 }],
      key,
    );
    const retry = await placeOrder(
      harness,
      customer.token,
      [{ itemId: item.id, quantity: 1 }],
      key,
    );
    const other = await placeOrder(
      harness,
      customer.token,
      [{ itemId: item.id, quantity: 2 }],
      key,
    );

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    expect(other.statusCode).toBe(422);
    expect(availability(harness, item.id)).toMatchObject({ reserved: 1 });
  });
});

describe('ordering by UPC', () => {
  it('when a customer orders by UPC (mixed with ids), then the UPCs are resolved at item-service in one call and the order is held by item id', async () => {
    const customer = harness.accounts.customer();
    const [a, b] = [createItem(harness, 10, 1_500), createItem(harness, 10, 700)];
    const response = await placeOrder(harness, customer.token, [
      { upc: a.upc, quantity: 2 },
      { itemId: b.id, quantity: 1 },
    ]);

    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order.items).toMatchObject([
      { itemId: a.id, upc: a.upc, quantity: 2, lineTotal: 3_000 },
      { itemId: b.id, quantity: 1 },
    ]);
    expect(availability(harness, a.id)).toMatchObject({ reserved: 2 });
    const lookUps = harness.items.calls.filter((call) => call.path === '/api/v1/items/by-upc');
    expect(lookUps.length).toBeGreaterThanOrEqual(1);
  });

  it('when a UPC names no item, then 422 problem+json naming it, and nothing is held', async () => {
    const customer = harness.accounts.customer();
    const a = createItem(harness, 10);
    const unknown = randomUpc();
    const response = await placeOrder(harness, customer.token, [
      { itemId: a.id, quantity: 1 },
      { upc: unknown, quantity: 1 },
    ]);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'unknown-upc', upcs: [unknown] });
    expect(response.json().detail).toContain(unknown);
    expect(availability(harness, a.id)).toMatchObject({ reserved: 0 });
  });

  it('when an unpaid order is changed with lines by UPC, then they are resolved like a new order', async () => {
    const customer = harness.accounts.customer();
    const [a, b] = [createItem(harness, 10, 1_000), createItem(harness, 10, 3_000)];
    const order = (
      await placeOrder(harness, customer.token, [{ itemId: a.id, quantity: 1 }])
    ).json();
    const response = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(customer.token),
      payload: { items: [{ upc: b.upc, quantity: 2 }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ totalAmount: 6_000, items: [{ itemId: b.id }] });
    expect(availability(harness, b.id)).toMatchObject({ reserved: 2 });
    expect(availability(harness, a.id)).toMatchObject({ reserved: 0 });
  });
});

describe('ownership', () => {
  it('when another customer reads, changes or cancels an order, then 404 and nothing changes', async () => {
    const owner = harness.accounts.customer();
    const intruder = harness.accounts.customer();
    const item = createItem(harness, 10);
    const order = (
      await placeOrder(harness, owner.token, [{ itemId: item.id, quantity: 1 }])
    ).json();
    const attempts = [
      { method: 'GET' as const, url: `/api/v1/orders/${order.id}` },
      { method: 'GET' as const, url: `/api/v1/orders/${order.id}/timeline` },
      {
        method: 'PATCH' as const,
        url: `/api/v1/orders/${order.id}`,
        payload: { items: [{ itemId: item.id, quantity: 5 }] },
      },
      { method: 'POST' as const, url: `/api/v1/orders/${order.id}/cancel`, payload: {} },
    ];
    for (const attempt of attempts) {
      const response = await harness.app.inject({ ...attempt, headers: bearer(intruder.token) });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    }
    const after = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(owner.token),
    });
    expect(after.json()).toMatchObject({ status: 'PENDING_PAYMENT', version: 1 });
  });

  it('when an ADMIN reads any order, then 200', async () => {
    const owner = harness.accounts.customer();
    const item = createItem(harness, 10);
    const order = (
      await placeOrder(harness, owner.token, [{ itemId: item.id, quantity: 1 }])
    ).json();
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(harness.adminToken),
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('changing an order', () => {
  it('when items change while unpaid, then the hold follows and new lines are priced from the catalog', async () => {
    const customer = harness.accounts.customer();
    const [a, b] = [createItem(harness, 10, 1_000), createItem(harness, 10, 3_000)];
    const order = (
      await placeOrder(harness, customer.token, [{ itemId: a.id, quantity: 2 }])
    ).json();
    const response = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(customer.token),
      payload: {
        items: [
          { itemId: a.id, quantity: 1 },
          { itemId: b.id, quantity: 2 },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ totalAmount: 1_000 + 6_000, version: 2 });
    expect(availability(harness, a.id)).toMatchObject({ reserved: 1 });
    expect(availability(harness, b.id)).toMatchObject({ reserved: 2 });
  });

  it('when an order is cancelled, then CANCELLED with its reason; cancelling again is harmless', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 10);
    const order = (
      await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 3 }])
    ).json();
    const cancel = () =>
      harness.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/cancel`,
        headers: bearer(customer.token),
        payload: { reason: 'changed my mind' },
      });

    const first = await cancel();
    const second = await cancel();

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'changed my mind',
      version: 2,
    });
    expect(second.json()).toMatchObject({ status: 'CANCELLED', version: 2 });
  });

  it('when a cancel is sent without a body, then the order is cancelled with no reason given', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 10);
    const order = (
      await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 1 }])
    ).json();

    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: bearer(customer.token),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'CANCELLED' });
  });

  it('when anonymous with a bad body, then 401; a customer shipping with a bad body, then 403; before any validation', async () => {
    const id = crypto.randomUUID();
    const junk = { items: 'everything', role: 'ADMIN' };
    const anonymous = await Promise.all(
      [
        { method: 'POST' as const, url: '/api/v1/orders' },
        { method: 'PATCH' as const, url: `/api/v1/orders/${id}` },
        { method: 'POST' as const, url: `/api/v1/orders/${id}/cancel` },
      ].map(async (write) => await harness.app.inject({ ...write, payload: junk })),
    );
    expect(anonymous.map((response) => response.statusCode)).toEqual([401, 401, 401]);
    const customer = harness.accounts.customer();
    const ship = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/not-a-uuid/ship`,
      headers: bearer(customer.token),
      payload: junk,
    });
    expect(ship.statusCode).toBe(403);
    // A service may not place orders in anyone's name.
    const asService = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: bearer(harness.accounts.serviceToken('payment-service')),
      payload: junk,
    });
    expect(asService.statusCode).toBe(403);
  });

  it('when a customer tries to ship, or an unpaid order is shipped, then 403 / 409', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 10);
    const order = (
      await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 1 }])
    ).json();
    const asCustomer = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/ship`,
      headers: bearer(customer.token),
    });
    const unpaid = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/ship`,
      headers: bearer(harness.adminToken),
    });
    expect(asCustomer.statusCode).toBe(403);
    expect(unpaid.statusCode).toBe(409);
    expect(unpaid.json().code).toBe('illegal-transition');
  });
});

describe('listing', () => {
  it('when a customer pages through orders, then each appears once, newest first, and status filters', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 50);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push(
        (await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 1 }])).json().id,
      );
    }
    await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${ids[1]}/cancel`,
      headers: bearer(customer.token),
      payload: {},
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { orders: { id: string }[]; nextCursor: string | null } = (
        await harness.app.inject({
          method: 'GET',
          url: `/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: bearer(customer.token),
        })
      ).json();
      seen.push(...page.orders.map((order) => order.id));
      cursor = page.nextCursor;
    } while (cursor);
    const cancelled = (
      await harness.app.inject({
        method: 'GET',
        url: '/api/v1/orders?status=CANCELLED',
        headers: bearer(customer.token),
      })
    ).json();

    expect(seen).toEqual([...ids].reverse());
    expect(cancelled.orders.map((order: { id: string }) => order.id)).toEqual([ids[1]]);
  });

  it('when the query is malformed, then 400; when the cursor is not one it returned, then 422', async () => {
    const customer = harness.accounts.customer();
    const list = async (query: string) =>
      await harness.app.inject({
        method: 'GET',
        url: `/api/v1/orders?${query}`,
        headers: bearer(customer.token),
      });
    for (const query of ['limit=0', 'limit=101', 'status=LOST', 'x=1'])
      expect((await list(query)).statusCode, query).toBe(400);
    // Valid per the API document (a string), refused by the rule its description names.
    const forged = await list('cursor=zz');
    expect(forged.statusCode).toBe(422);
    expect(forged.json()).toMatchObject({ status: 422, code: 'invalid-cursor' });
  });
});
