import { eventually, randomUpc } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, GOOD_CARD, newShopper, type Shopper } from '../src/shopper.js';
import { call, GATEWAY_URL, THROUGH_GATEWAY } from '../src/stack.js';

/**
 * Issue 19's features as a customer, an admin and a browser on another origin use them: every
 * call through the gateway, to the services running as processes on the real engines.
 */
let shopAdmin: Awaited<ReturnType<typeof admin>>;
beforeAll(async () => {
  shopAdmin = await admin(THROUGH_GATEWAY);
});

const upcOf = async (itemId: string) =>
  (await call<{ upc: string }>(`${GATEWAY_URL}/api/v1/items/${itemId}`, 'GET')).body.upc;

const waitForStatus = async (shopper: Shopper, orderId: string, status: string) =>
  await eventually(async () => (await shopper.getOrder(orderId)).body.status === status, {
    timeoutMs: 30_000,
    what: `order ${orderId} ${status}`,
  });

describe('through the gateway', () => {
  it('when a customer orders by UPC, then the order holds the items those UPCs name; an unknown UPC is 422 naming it', async () => {
    const itemId = await shopAdmin.createItem(5, 1_250, 'E2E UPC Lamp');
    const upc = await upcOf(itemId);
    const shopper = await newShopper(THROUGH_GATEWAY);

    const placed = await call<{ id: string; items: { itemId: string; upc: string }[] }>(
      `${GATEWAY_URL}/api/v1/orders`,
      'POST',
      { token: shopper.token, body: { items: [{ upc, quantity: 2 }] } },
    );
    expect(placed.status).toBe(201);
    expect(placed.body.items).toMatchObject([{ itemId, upc }]);

    const unknown = randomUpc();
    const refused = await call<{ code: string; detail: string; upcs: string[] }>(
      `${GATEWAY_URL}/api/v1/orders`,
      'POST',
      { token: shopper.token, body: { items: [{ upc: unknown, quantity: 1 }] } },
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'unknown-upc', upcs: [unknown] });
    expect(refused.body.detail).toContain(unknown);

    const changed = await call<{ items: { itemId: string; quantity: number }[] }>(
      `${GATEWAY_URL}/api/v1/orders/${placed.body.id}`,
      'PATCH',
      { token: shopper.token, body: { items: [{ upc, quantity: 1 }] } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.items).toMatchObject([{ itemId, quantity: 1 }]);
  });

  it('when a customer registers with addresses and a card, then the account has them, the card only as brand, last 4 and expiry', async () => {
    const email = `seed-${crypto.randomUUID()}@e2e.example`;
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
    const billing = { ...address, line1: '9 Ledger Lane' };
    const registered = await call<Record<string, unknown>>(
      `${GATEWAY_URL}/api/v1/accounts`,
      'POST',
      {
        body: {
          email,
          password: 'e2e shopper password',
          name: 'E2E Full',
          shippingAddress: address,
          billingAddress: billing,
          paymentMethod: { ...GOOD_CARD, cvc: undefined, cardNumber: '5555555555554444' },
        },
      },
    );
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      shippingAddress: address,
      billingAddress: billing,
      paymentMethod: { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2099 },
    });
    expect(JSON.stringify(registered.body)).not.toContain('5555555555554444');
  });

  it("when a test card declines, then the payment fails with its reason, PaymentFailed carries it, and only an ADMIN sees the gateway's raw answer", async () => {
    const itemId = await shopAdmin.createItem(3, 2_000, 'E2E Decline Lamp');
    const shopper = await newShopper(THROUGH_GATEWAY);
    const order = (await shopper.order([{ itemId, quantity: 1 }])).body;

    const paid = await shopper.pay(order, { ...GOOD_CARD, cardNumber: '4000000000000069' });
    expect(paid.body).toMatchObject({ status: 'FAILED', failureReason: 'expired_card' });
    expect(paid.body).not.toHaveProperty('gatewayResponse');
    await waitForStatus(shopper, order.id, 'PAYMENT_FAILED');
    const timeline = await call<{ events: { type: string; data: { reason?: string } }[] }>(
      `${GATEWAY_URL}/api/v1/orders/${order.id}/timeline`,
      'GET',
      { token: shopper.token },
    );
    expect(
      timeline.body.events.find((event) => event.type === 'PaymentFailed')?.data,
    ).toMatchObject({ reason: 'expired_card' });

    const path = `${GATEWAY_URL}/api/v1/payments/${(paid.body as { id: string }).id}`;
    const asCustomer = await call<Record<string, unknown>>(path, 'GET', { token: shopper.token });
    const asAdmin = await call<{ gatewayResponse: Record<string, unknown> }>(path, 'GET', {
      token: shopAdmin.token,
    });
    expect(asCustomer.body).not.toHaveProperty('gatewayResponse');
    expect(asAdmin.body.gatewayResponse).toMatchObject({
      status: 'failed',
      outcome: { reason: 'expired_card' },
      card: { last4: '0069' },
    });
  });

  it('when a page on the storefront dev server calls the API, then the preflight and the answer grant its origin; another origin gets no grant', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await fetch(`${GATEWAY_URL}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'idempotency-key',
    );
    const read = await fetch(`${GATEWAY_URL}/api/v1/categories`, { headers: { origin } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(origin);
    const foreign = await fetch(`${GATEWAY_URL}/api/v1/categories`, {
      headers: { origin: 'https://elsewhere.example.com' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
