import { eventually } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { newShopper } from '../src/shopper.js';
import { call, URLS } from '../src/stack.js';

/**
 * A revocation reaches every service through account-service's long-polled list: the services
 * hold a read open, and account-service answers it as soon as a token version moves.
 */
describe('token revocation across the services', () => {
  it('when a customer logs out everywhere, then every other service refuses the old token within seconds', async () => {
    const shopper = await newShopper();
    const reads = [
      `${URLS.order}/api/v1/orders`,
      `${URLS.cart}/api/v1/cart`,
      `${URLS.payment}/api/v1/payments?orderId=${crypto.randomUUID()}`,
      `${URLS.notification}/api/v1/notifications`,
    ];
    for (const url of reads)
      expect((await call(url, 'GET', { token: shopper.token })).status).toBe(200);

    const loggedOut = await call(`${URLS.account}/api/v1/auth/logout-all`, 'POST', {
      token: shopper.token,
    });
    expect(loggedOut.status).toBe(204);

    await eventually(
      async () => {
        const statuses = await Promise.all(
          reads.map(async (url) => (await call(url, 'GET', { token: shopper.token })).status),
        );
        return statuses.every((status) => status === 401);
      },
      // Well within the 25 s a held read may wait: the revocation answers it.
      { timeoutMs: 10_000, what: 'every service to refuse the revoked token' },
    );
  });
});
