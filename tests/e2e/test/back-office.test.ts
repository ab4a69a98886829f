import { eventually } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, newShopper, type Shopper } from '../src/shopper.js';
import { call, GATEWAY_URL, THROUGH_GATEWAY } from '../src/stack.js';

// The back office as the storefront's admin pages use it: everything through the gateway.
let shopAdmin: Awaited<ReturnType<typeof admin>>;
let alice: Shopper;
let bob: Shopper;
let aliceOrder: string;
let bobOrder: string;

type OrderPage = {
  orders: { id: string; userId: string; status: string }[];
  nextCursor: string | null;
};

const asAdmin = async <T>(path: string, method: 'GET' | 'POST' = 'GET', body?: object) =>
  await call<T>(`${GATEWAY_URL}${path}`, method, {
    token: shopAdmin.token,
    ...(body ? { body } : {}),
  });

beforeAll(async () => {
  shopAdmin = await admin(THROUGH_GATEWAY);
  const itemId = await shopAdmin.createItem(10, 1_500, 'Back Office Lamp');
  alice = await newShopper(THROUGH_GATEWAY);
  bob = await newShopper(THROUGH_GATEWAY);
  aliceOrder = (await alice.order([{ itemId, quantity: 1 }])).body.id;
  bobOrder = (await bob.order([{ itemId, quantity: 2 }])).body.id;
  expect((await alice.pay({ id: aliceOrder, totalAmount: 1_500 })).body.status).toBe('SUCCEEDED');
  expect((await bob.cancel(bobOrder)).body.status).toBe('CANCELLED');
  await eventually(async () => (await alice.getOrder(aliceOrder)).body.status === 'COMPLETED', {
    timeoutMs: 30_000,
    what: `order ${aliceOrder} COMPLETED`,
  });
});

describe('the back office through the gateway', () => {
  it('when an ADMIN lists orders, then both customers’ orders come newest first, and the filters narrow them', async () => {
    const everyone = await asAdmin<OrderPage>('/api/v1/orders?limit=50');
    const cancelled = await asAdmin<OrderPage>('/api/v1/orders?status=CANCELLED&limit=50');
    const completed = await asAdmin<OrderPage>('/api/v1/orders?status=COMPLETED&limit=50');
    const alices = await asAdmin<OrderPage>(`/api/v1/orders?userId=${alice.id}`);

    const ids = everyone.body.orders.map((order) => order.id);
    expect(ids.indexOf(bobOrder)).toBeGreaterThanOrEqual(0);
    // Bob ordered after Alice: newest first puts his order before hers.
    expect(ids.indexOf(aliceOrder)).toBeGreaterThan(ids.indexOf(bobOrder));
    expect(cancelled.body.orders.map((order) => order.id)).toContain(bobOrder);
    expect(cancelled.body.orders.map((order) => order.id)).not.toContain(aliceOrder);
    expect(cancelled.body.orders.every((order) => order.status === 'CANCELLED')).toBe(true);
    expect(completed.body.orders.map((order) => order.id)).toContain(aliceOrder);
    expect(alices.body.orders.map((order) => order.id)).toEqual([aliceOrder]);
  });

  it('when a customer lists orders, then only their own; naming another customer is 403', async () => {
    const own = await call<OrderPage>(`${GATEWAY_URL}/api/v1/orders?limit=100`, 'GET', {
      token: alice.token,
    });
    const others = await call<OrderPage>(`${GATEWAY_URL}/api/v1/orders?userId=${bob.id}`, 'GET', {
      token: alice.token,
    });

    expect(own.body.orders.map((order) => order.id)).toEqual([aliceOrder]);
    expect(others.status).toBe(403);
    expect(JSON.stringify(others.body)).not.toContain(bobOrder);
  });

  it('when an ADMIN lists payments and searches customers, then Alice’s payment and account are found; a customer gets 403', async () => {
    const payments = await asAdmin<{ payments: { orderId: string; status: string }[] }>(
      `/api/v1/payments?userId=${alice.id}`,
    );
    const search = await asAdmin<{ accounts: { id: string; email: string }[] }>(
      `/api/v1/accounts?q=${encodeURIComponent(alice.email)}`,
    );
    const customerSearch = await call(`${GATEWAY_URL}/api/v1/accounts?q=shopper`, 'GET', {
      token: alice.token,
    });
    const customerPayments = await call(`${GATEWAY_URL}/api/v1/payments?userId=${bob.id}`, 'GET', {
      token: alice.token,
    });

    expect(payments.body.payments).toEqual([
      expect.objectContaining({ orderId: aliceOrder, status: 'SUCCEEDED' }),
    ]);
    expect(search.body.accounts.map((account) => account.id)).toEqual([alice.id]);
    expect(customerSearch.status).toBe(403);
    expect(customerPayments.status).toBe(403);
  });

  it('when an ADMIN reads the saga’s health, then dead letters and stuck orders answer', async () => {
    const deadLetters = await asAdmin<{ pending: number }>('/api/v1/operations/dead-letters');
    const stuck = await asAdmin<{ orders: { orderId: string }[] }>(
      '/api/v1/operations/stuck-orders?graceSeconds=60',
    );

    expect(deadLetters.status).toBe(200);
    expect(stuck.status).toBe(200);
    // Alice's order completed and Bob's was cancelled: neither is stuck.
    const stuckIds = stuck.body.orders.map((order) => order.orderId);
    expect(stuckIds).not.toContain(aliceOrder);
    expect(stuckIds).not.toContain(bobOrder);
  });
});
