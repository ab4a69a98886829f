import { describe, expect, it } from 'vitest';
import { bearer, createItem, inventoryOf, placeHold, useItemService } from './support.js';

const harness = useItemService();

/** reserved must equal the sum of the HELD holds' lines for the item, available = onHand − reserved. */
const expectConsistent = async (itemId: string) => {
  const inventory = await inventoryOf(harness, itemId);
  const held = await harness.db
    .collection('holds')
    .find({ status: 'HELD', 'lines.itemId': itemId })
    .toArray();
  const heldQuantity = held
    .flatMap((hold) => hold.lines as { itemId: string; quantity: number }[])
    .filter((line) => line.itemId === itemId)
    .reduce((sum, line) => sum + line.quantity, 0);
  expect(inventory.reserved).toBe(heldQuantity);
  expect(inventory.available).toBe(inventory.onHand - inventory.reserved);
  expect(inventory.available).toBeGreaterThanOrEqual(0);
  return inventory;
};

describe('placing holds', () => {
  it('when 100 orders race for an item with stock 10, then exactly 10 are HELD and nothing is oversold', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        placeHold(harness, crypto.randomUUID(), [{ itemId: item.id, quantity: 1 }]),
      ),
    );

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(90);
    expect(await expectConsistent(item.id)).toMatchObject({
      onHand: 10,
      reserved: 10,
      available: 0,
    });
  });

  it('when multi-line holds over overlapping items race, then each is all or nothing', async () => {
    const [a, b, c] = [
      await createItem(harness, { initialStock: 5 }),
      await createItem(harness, { initialStock: 5 }),
      await createItem(harness, { initialStock: 5 }),
    ];
    const shapes = [
      [
        { itemId: a.id, quantity: 2 },
        { itemId: b.id, quantity: 1 },
      ],
      [
        { itemId: b.id, quantity: 2 },
        { itemId: c.id, quantity: 2 },
      ],
      [
        { itemId: c.id, quantity: 1 },
        { itemId: a.id, quantity: 1 },
        { itemId: b.id, quantity: 1 },
      ],
    ];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        placeHold(harness, crypto.randomUUID(), shapes[index % 3] ?? []),
      ),
    );

    expect(responses.every((response) => [201, 409].includes(response.statusCode))).toBe(true);
    expect(responses.filter((response) => response.statusCode === 201).length).toBeGreaterThan(0);
    for (const item of [a, b, c]) await expectConsistent(item.id);
    const failedOrders = responses.filter((response) => response.statusCode === 409).length;
    expect(failedOrders).toBeGreaterThan(0);
  });

  it('when stock is short, then 409 names each short line with what is available', async () => {
    const plenty = await createItem(harness, { initialStock: 10 });
    const scarce = await createItem(harness, { initialStock: 1 });
    const response = await placeHold(harness, crypto.randomUUID(), [
      { itemId: plenty.id, quantity: 3 },
      { itemId: scarce.id, quantity: 2 },
    ]);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'insufficient-stock',
      shortLines: [{ itemId: scarce.id, requested: 2, available: 1 }],
    });
    expect(await inventoryOf(harness, plenty.id)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('when the same hold is placed again, then the same hold comes back; other lines are a conflict', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    const orderId = crypto.randomUUID();
    const first = await placeHold(harness, orderId, [{ itemId: item.id, quantity: 2 }]);
    const again = await placeHold(harness, orderId, [{ itemId: item.id, quantity: 2 }]);
    const different = await placeHold(harness, orderId, [{ itemId: item.id, quantity: 3 }]);

    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(different.statusCode).toBe(409);
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 2 });
  });

  it('when a CUSTOMER or an ADMIN uses the hold API, then 403', async () => {
    const item = await createItem(harness);
    for (const token of [harness.customerToken, harness.adminToken]) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/inventory/holds',
        headers: bearer(token),
        payload: { orderId: crypto.randomUUID(), lines: [{ itemId: item.id, quantity: 1 }] },
      });
      expect(response.statusCode).toBe(403);
    }
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0 });
  });

  it("when another service's SERVICE token uses the hold API, then 403: holds are order-service's", async () => {
    const item = await createItem(harness);
    const orderId = crypto.randomUUID();
    for (const service of ['notification-service', 'payment-service', 'cart-service'] as const) {
      const token = harness.accounts.serviceToken(service);
      const place = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/inventory/holds',
        headers: bearer(token),
        payload: { orderId, lines: [{ itemId: item.id, quantity: 1 }] },
      });
      const release = await harness.app.inject({
        method: 'DELETE',
        url: `/api/v1/inventory/holds/${orderId}`,
        headers: bearer(token),
      });
      expect([place.statusCode, release.statusCode]).toEqual([403, 403]);
      expect(place.json().detail).toContain(service);
    }
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0 });
  });

  it('when anonymous with a bad body, then 401 before the body is looked at', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/inventory/holds',
      payload: { orderId: 'x', lines: 'all of them' },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['zero', 0],
    ['negative', -2],
    ['fractional', 1.5],
    ['huge', 10_000_000],
    ['an operator object', { $gt: '' }],
    ['a string', '2'],
  ])('when a quantity is %s, then 400 and nothing is reserved', async (_case, quantity) => {
    const item = await createItem(harness);
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/inventory/holds',
      headers: bearer(harness.serviceToken),
      payload: { orderId: crypto.randomUUID(), lines: [{ itemId: item.id, quantity }] },
    });
    expect(response.statusCode).toBe(400);
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('when the order id is not a UUID, then 400; when an item appears twice (a rule the document names), then 422; nothing reserved', async () => {
    const item = await createItem(harness);
    const twice = await placeHold(harness, crypto.randomUUID(), [
      { itemId: item.id, quantity: 1 },
      { itemId: item.id, quantity: 1 },
    ]);
    const badOrder = await placeHold(harness, 'order-1', [{ itemId: item.id, quantity: 1 }]);
    expect(twice.statusCode).toBe(422);
    expect(badOrder.statusCode).toBe(400);
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0, available: 10 });
  });
});

describe('changing and releasing holds', () => {
  const put = (orderId: string, lines: { itemId: string; quantity: number }[]) =>
    harness.app.inject({
      method: 'PUT',
      url: `/api/v1/inventory/holds/${orderId}`,
      headers: bearer(harness.serviceToken),
      payload: { lines },
    });

  it('when the lines change, then reservations follow: grown, shrunk, added and removed', async () => {
    const [a, b, c] = [
      await createItem(harness),
      await createItem(harness),
      await createItem(harness),
    ];
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [
      { itemId: a.id, quantity: 2 },
      { itemId: b.id, quantity: 3 },
    ]);
    const response = await put(orderId, [
      { itemId: a.id, quantity: 4 },
      { itemId: c.id, quantity: 1 },
    ]);

    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('HELD');
    expect((await expectConsistent(a.id)).reserved).toBe(4);
    expect((await expectConsistent(b.id)).reserved).toBe(0);
    expect((await expectConsistent(c.id)).reserved).toBe(1);
  });

  it('when a new line is short, then 409 and the hold keeps its old lines', async () => {
    const a = await createItem(harness);
    const scarce = await createItem(harness, { initialStock: 1 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: a.id, quantity: 2 }]);
    const response = await put(orderId, [
      { itemId: a.id, quantity: 5 },
      { itemId: scarce.id, quantity: 3 },
    ]);

    expect(response.statusCode).toBe(409);
    const hold = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/inventory/holds/${orderId}`,
      headers: bearer(harness.serviceToken),
    });
    expect(hold.json()).toMatchObject({ status: 'HELD', lines: [{ itemId: a.id, quantity: 2 }] });
    expect((await expectConsistent(a.id)).reserved).toBe(2);
    expect((await expectConsistent(scarce.id)).reserved).toBe(0);
  });

  it('when a hold is deleted, then it is RELEASED and its stock available again; again is harmless', async () => {
    const item = await createItem(harness, { initialStock: 3 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 3 }]);
    const release = () =>
      harness.app.inject({
        method: 'DELETE',
        url: `/api/v1/inventory/holds/${orderId}`,
        headers: bearer(harness.serviceToken),
      });

    expect((await release()).json().status).toBe('RELEASED');
    expect((await release()).statusCode).toBe(200);
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0, available: 3 });
  });

  it('when an unknown hold is read, then 404', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/inventory/holds/${crypto.randomUUID()}`,
      headers: bearer(harness.serviceToken),
    });
    expect(response.statusCode).toBe(404);
  });
});
