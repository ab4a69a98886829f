import { PROBLEM_CONTENT_TYPE, type ShopEvent } from '@shop/contracts';
import { eventually } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderCreated, orderProgress, paymentFailed } from './events.js';
import { bearer, type Customer, useNotificationService } from './support.js';

const harness = useNotificationService();

interface Page {
  notifications: { id: string; type: string; status: string; sentAt: string | null }[];
  nextCursor: string | null;
}

const list = async (token: string | undefined, query = '') =>
  await harness.app.inject({
    method: 'GET',
    url: `/api/v1/notifications${query}`,
    headers: token ? bearer(token) : {},
  });

let alice: Customer;
let bob: Customer;
/** Alice's three events, in the order they happened. */
const aliceEvents: ShopEvent[] = [];

beforeAll(async () => {
  alice = harness.customer();
  bob = harness.customer();
  const orderId = crypto.randomUUID();
  aliceEvents.push(
    orderCreated(alice.id, orderId),
    paymentFailed(alice.id, orderId),
    orderProgress('OrderCompleted', alice.id, orderId),
  );
  // One at a time, so each is stored after the one before.
  for (const event of aliceEvents) await harness.deliver(event);
  await harness.deliver(orderCreated(bob.id));
});

describe('GET /api/v1/notifications', () => {
  it('when a customer lists, then it gets its own notifications newest first, page by page', async () => {
    const first = await list(alice.token, '?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as Page;
    expect(page1.notifications.map((n) => n.type)).toEqual(['ORDER_COMPLETED', 'PAYMENT_FAILED']);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const page2 = (await list(alice.token, `?limit=2&cursor=${page1.nextCursor}`)).json() as Page;
    expect(page2.notifications.map((n) => n.type)).toEqual(['ORDER_RECEIVED']);
    expect(page2.nextCursor).toBeNull();
    expect([...page1.notifications, ...page2.notifications].map((n) => n.id)).toEqual(
      aliceEvents.map((event) => event.eventId).reverse(),
    );
  });

  it('when the emails went out, then each entry shows SENT with its subject, text and sentAt', async () => {
    const page = await eventually(async () => {
      const body = (await list(alice.token)).json() as Page;
      return body.notifications.every((n) => n.status === 'SENT') && body;
    });
    const [completed] = page.notifications;
    expect(completed).toMatchObject({
      id: aliceEvents[2]?.eventId,
      type: 'ORDER_COMPLETED',
      eventType: 'OrderCompleted',
      orderId: aliceEvents[2]?.orderId,
      channel: 'email',
      subject: expect.stringContaining('is confirmed'),
      text: expect.stringContaining(aliceEvents[2]?.orderId ?? '?'),
      status: 'SENT',
      createdAt: expect.any(String),
      sentAt: expect.any(String),
    });
  });

  it("when another customer lists, then it never sees the first one's notifications", async () => {
    const page = (await list(bob.token)).json() as Page;
    expect(page.notifications).toHaveLength(1);
    expect(page.notifications.map((n) => n.id)).not.toContain(aliceEvents[0]?.eventId);
  });

  it("when an ADMIN passes userId, then it reads that user's notifications; a CUSTOMER gets 404 as for a user who does not exist", async () => {
    const asAdmin = await list(harness.adminToken, `?userId=${alice.id}`);
    expect(asAdmin.statusCode).toBe(200);
    expect((asAdmin.json() as Page).notifications).toHaveLength(3);

    const asCustomer = await list(bob.token, `?userId=${alice.id}`);
    const nobody = await list(bob.token, `?userId=${crypto.randomUUID()}`);
    for (const response of [asCustomer, nobody]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
      expect(JSON.stringify(response.json())).not.toContain('ORDER_');
    }
  });

  it('when a customer names their own id, then it reads their own notifications', async () => {
    const response = await list(bob.token, `?userId=${bob.id}`);
    expect(response.statusCode).toBe(200);
    expect((response.json() as Page).notifications).toHaveLength(1);
  });

  it('when anonymous with a bad query, then 401 before the query is validated', async () => {
    const response = await list(undefined, '?limit=abc&unknown=1');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  });

  it('when a service calls with its SERVICE token (even notification-service), then 403: no service reads notifications', async () => {
    for (const service of ['notification-service', 'order-service'] as const) {
      const response = await list(harness.accounts.serviceToken(service), '?limit=abc');
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    }
  });

  it.each([
    ['limit=0', 'querystring.limit'],
    ['limit=101', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['limit=1.5', 'querystring.limit'],
    ['userId=not-a-uuid', 'querystring.userId'],
    ['unknown=1', 'querystring'],
  ])('when the query is %s, then 400 problem+json naming %s', async (query, path) => {
    const response = await list(alice.token, `?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(response.json().errors[0].path).toBe(path);
  });

  // A string of the documented shape, refused by a rule the document names: 422, not 400.
  it('when the cursor is not one the API returned, then 422 problem+json', async () => {
    const response = await list(alice.token, '?cursor=garbage');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  });

  it('when there is no token or a forged one, then 401 problem+json', async () => {
    const anonymous = await list(undefined);
    const forged = await list('eyJhbGciOiJub25lIn0.e30.');
    for (const response of [anonymous, forged]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    }
  });

  it('when health and docs are asked for, then they answer', async () => {
    const ready = await harness.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const docs = await harness.app.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(docs.json().paths)).toContain('/api/v1/notifications');
  });
});
