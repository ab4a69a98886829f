import { describe, expect, it } from 'vitest';
import { createdEvent } from '../src/domain/events.js';
import type { OrderRecord } from '../src/domain/model.js';
import { bearer, createItem, type OrderHarness, placeOrder, useOrderService } from './support.js';
import { anOrder } from './unit/memory/fixtures.js';

// Its own keyspace: "every order" here is exactly the orders this file makes.
const harness = useOrderService();
const DAY = 86_400_000;

type Page = { orders: OrderRecord[]; nextCursor: string | null };

const get = async (token: string, query: string) =>
  await harness.app.inject({
    method: 'GET',
    url: `/api/v1/orders?${query}`,
    headers: bearer(token),
  });

/** Every page of a listing, following nextCursor; the ids in the order they came. */
const allPages = async (h: OrderHarness, query: string, token = h.adminToken) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const response = await get(token, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page;
    ids.push(...page.orders.map((order) => order.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('the listing never ended');
};

/** An order written as if placed `daysAgo` days ago (the repository, not the API's clock). */
const pastOrder = async (userId: string, daysAgo: number) => {
  const createdAt = new Date(Date.now() - daysAgo * DAY);
  const order = anOrder({ userId, createdAt, updatedAt: createdAt, expiresAt: createdAt });
  expect(await harness.domain().orders.create(order, createdEvent(order))).toBe(true);
  return order.id;
};

const cancel = async (token: string, id: string) =>
  await harness.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${id}/cancel`,
    headers: bearer(token),
    payload: {},
  });

describe('an ADMIN lists every customer’s orders', () => {
  it('when orders of two customers span days, then all come newest first, each once, across pages', async () => {
    const [alice, bob] = [harness.accounts.customer(), harness.accounts.customer()];
    const item = createItem(harness, 50);
    // 40 days ago is beyond one call's 14 days: a short page with a cursor bridges the gap.
    const old = [
      await pastOrder(alice.id, 40),
      await pastOrder(bob.id, 3),
      await pastOrder(alice.id, 1),
    ];
    const today: string[] = [];
    for (const who of [alice, bob, alice]) {
      today.push(
        (await placeOrder(harness, who.token, [{ itemId: item.id, quantity: 1 }])).json().id,
      );
    }

    const ids = await allPages(harness, 'limit=2');

    expect(ids).toEqual([...today.reverse(), ...old.reverse()]);
  });

  it('when an ADMIN filters by status and customer, then only the orders with that status now', async () => {
    const [carol, dave] = [harness.accounts.customer(), harness.accounts.customer()];
    const item = createItem(harness, 50);
    const place = async (token: string) =>
      (await placeOrder(harness, token, [{ itemId: item.id, quantity: 1 }])).json().id as string;
    const carols = [await place(carol.token), await place(carol.token)];
    const daves = [await place(dave.token)];
    expect((await cancel(carol.token, carols[0] as string)).statusCode).toBe(200);
    expect((await cancel(dave.token, daves[0] as string)).statusCode).toBe(200);

    const cancelled = await allPages(harness, 'status=CANCELLED&limit=1');
    const pending = await allPages(harness, 'status=PENDING_PAYMENT&limit=100');
    const carolsCancelled = await allPages(harness, `status=CANCELLED&userId=${carol.id}`);
    const davesAll = await allPages(harness, `userId=${dave.id}`);

    expect(cancelled).toEqual([daves[0], carols[0]]);
    expect(pending).toContain(carols[1]);
    expect(pending).not.toContain(carols[0]);
    expect(carolsCancelled).toEqual([carols[0]]);
    expect(davesAll).toEqual(daves);
  });

  it('when an order changed status, then its row under the old status is gone and a stale row is never shown', async () => {
    const erin = harness.accounts.customer();
    const item = createItem(harness, 5);
    const id = (await placeOrder(harness, erin.token, [{ itemId: item.id, quantity: 1 }])).json()
      .id;
    await cancel(erin.token, id);
    const rowsUnder = async (status: string) =>
      (
        await harness.cassandra.execute(
          'SELECT order_id FROM orders_by_status WHERE status = ? AND day = ?',
          [status, new Date().toISOString().slice(0, 10)],
          { prepare: true },
        )
      ).rows.map((row) => row.order_id.toString());
    // What a crash between a change's status row and its batch leaves: a row under PAID.
    await harness.cassandra.execute(
      'INSERT INTO orders_by_status (status, day, created_at, order_id) VALUES (?, ?, ?, ?)',
      ['PAID', new Date().toISOString().slice(0, 10), new Date(), id],
      { prepare: true },
    );

    expect(await rowsUnder('PENDING_PAYMENT')).not.toContain(id);
    expect(await rowsUnder('CANCELLED')).toContain(id);
    expect(await allPages(harness, 'status=PAID')).not.toContain(id);
  });

  it('when the cursor is not one the listing returned, then 422', async () => {
    for (const cursor of ['zz', Buffer.from('["yesterday"]').toString('base64url')]) {
      const response = await get(harness.adminToken, `cursor=${cursor}`);
      expect(response.statusCode, cursor).toBe(422);
    }
  });
});

describe('a customer lists only their own orders', () => {
  it('when a customer names themselves, then their orders; anyone else, then 403 and no order', async () => {
    const [frank, grace] = [harness.accounts.customer(), harness.accounts.customer()];
    const item = createItem(harness, 5);
    const franks = (
      await placeOrder(harness, frank.token, [{ itemId: item.id, quantity: 1 }])
    ).json().id;
    const graces = (
      await placeOrder(harness, grace.token, [{ itemId: item.id, quantity: 1 }])
    ).json().id;

    const own = await allPages(harness, 'limit=10', frank.token);
    const ownByName = await allPages(harness, `userId=${frank.id}`, frank.token);
    const others = await get(frank.token, `userId=${grace.id}`);

    expect(own).toEqual([franks]);
    expect(ownByName).toEqual([franks]);
    expect(others.statusCode).toBe(403);
    expect(others.body).not.toContain(graces);
  });
});

describe('stuck orders', () => {
  it('when an order is PAID for long or unpaid past its deadline, then it is listed; a fresh one is not', async () => {
    const who = harness.accounts.customer();
    const paidLong = await pastOrder(who.id, 1);
    const paidNow = await pastOrder(who.id, 1);
    const unpaidLate = await pastOrder(who.id, 2);
    const fresh = (
      await placeOrder(harness, who.token, [{ itemId: createItem(harness).id, quantity: 1 }])
    ).json().id;
    const { orders } = harness.domain();
    for (const [id, at] of [
      [paidLong, new Date(Date.now() - 600_000)],
      [paidNow, new Date()],
    ] as const) {
      const order = (await orders.find(id)) as OrderRecord;
      const changes = { status: 'PAID' as const, paymentStatus: 'SUCCEEDED' as const };
      expect(await orders.update(order, { expectedVersion: 1, changes, events: [], now: at })).toBe(
        true,
      );
    }

    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/operations/stuck-orders?graceSeconds=300',
      headers: bearer(harness.adminToken),
    });
    const customerTry = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/operations/stuck-orders',
      headers: bearer(who.token),
    });

    expect(response.statusCode, response.body).toBe(200);
    const stuck = response.json().orders as { orderId: string; reason: string }[];
    expect(stuck).toContainEqual(
      expect.objectContaining({ orderId: paidLong, reason: 'paid-not-completed' }),
    );
    expect(stuck).toContainEqual(
      expect.objectContaining({ orderId: unpaidLate, reason: 'unpaid-past-deadline' }),
    );
    expect(stuck.map((order) => order.orderId)).not.toContain(paidNow);
    expect(stuck.map((order) => order.orderId)).not.toContain(fresh);
    expect(customerTry.statusCode).toBe(403);
  });
});
