import { eventually } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { bearer, createItem, placeOrder, useOrderService } from './support.js';

const harness = useOrderService();

const listOrders = async (token: string) =>
  await harness.app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer(token) });

describe('token revocation', () => {
  it('when a customer’s tokens are revoked at account-service, then within seconds a token with the older ver gets 401 and the new one works', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness);
    expect(
      (await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 1 }])).statusCode,
    ).toBe(201);
    const other = harness.accounts.customer();

    const revokedAt = Date.now();
    const newToken = harness.accounts.revoke(customer.id);
    const refused = await eventually(
      async () => {
        const response = await listOrders(customer.token);
        return response.statusCode === 401 && response;
      },
      { timeoutMs: 10_000, what: 'the old token refused' },
    );

    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(
      (await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 1 }])).statusCode,
    ).toBe(401);
    const mine = await listOrders(newToken);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().orders).toHaveLength(1);
    expect((await listOrders(other.token)).statusCode).toBe(200);
  });
});
