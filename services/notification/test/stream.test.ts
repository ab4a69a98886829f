import { PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import { createLogger, type ServiceApp } from '@shop/platform';
import { eventually, listen } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { orderCreated, orderProgress } from './events.js';
import { openSse } from './sse.js';
import { bearer, type Customer, useNotificationService } from './support.js';

const harness = useNotificationService({
  env: () => ({ NOTIFICATION_STREAM_POLL_MS: '100', NOTIFICATION_STREAM_HEARTBEAT_MS: '200' }),
});

/** The consuming replica (the harness's app) and a second one that consumes nothing. */
let consuming: string;
let other: ServiceApp;
let otherUrl: string;

beforeAll(async () => {
  consuming = await listen(harness.app);
  other = await buildApp({
    config: harness.config,
    logger: createLogger({ service: 'notification-service', level: 'warn' }),
    db: harness.db,
    background: { consumer: false, delivery: false },
  });
  otherUrl = await listen(other);
});
afterAll(async () => await other?.close());

const ticketFor = async (customer: Customer, app = harness.app) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/notifications/stream-tickets',
    headers: bearer(customer.token),
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { ticket: string; expiresAt: string };
};

const streamOf = async (base: string, customer: Customer, query = '', headers = {}) => {
  const { ticket } = await ticketFor(customer);
  return await openSse(`${base}/api/v1/notifications/stream?ticket=${ticket}${query}`, headers);
};

describe('GET /api/v1/notifications/stream (Server-Sent Events)', () => {
  it('when a notification is stored for the customer, then their open stream receives it with its id, and heartbeats keep it alive', async () => {
    const customer = harness.customer();
    const stream = await streamOf(consuming, customer);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.headers['cache-control']).toContain('no-cache');

    const event = orderCreated(customer.id);
    await harness.deliver(event);

    await eventually(async () => stream.events.length > 0, { what: 'a streamed notification' });
    const [received] = stream.events;
    expect(received).toMatchObject({ id: event.eventId, event: 'notification' });
    expect(JSON.parse(received?.data ?? '{}')).toMatchObject({
      id: event.eventId,
      orderId: event.orderId,
      type: 'ORDER_RECEIVED',
      channels: ['email', 'in_app'],
    });
    await eventually(async () => stream.comments.includes('heartbeat'), { what: 'a heartbeat' });
    expect(stream.raw()).toMatch(/^retry: \d+\n\n/);
    stream.close();
  });

  it('when the stream is open on a replica that did not consume the event, then it still receives the notification (from the store)', async () => {
    const customer = harness.customer();
    const stream = await streamOf(otherUrl, customer);
    const event = orderProgress('OrderCompleted', customer.id);

    await harness.deliver(event);

    await eventually(async () => stream.events.some((e) => e.id === event.eventId), {
      what: 'the notification on the other replica',
    });
    expect(stream.events.filter((e) => e.id === event.eventId)).toHaveLength(1);
    stream.close();
  });

  it('when a client reconnects with Last-Event-ID, then it first receives what it missed, once, and not what it had', async () => {
    const customer = harness.customer();
    const orderId = crypto.randomUUID();
    const had = orderCreated(customer.id, orderId);
    const missed = [
      orderProgress('OrderCompleted', customer.id, orderId),
      orderProgress('OrderShipped', customer.id, orderId),
    ];
    await harness.deliver(had);
    for (const event of missed) await harness.deliver(event);

    const stream = await streamOf(otherUrl, customer, '', { 'last-event-id': had.eventId });

    await eventually(async () => stream.events.length >= 2, { what: 'the missed notifications' });
    expect(stream.events.map((e) => e.id)).toEqual(missed.map((event) => event.eventId));
    stream.close();
  });

  it('when other customers get notifications, then a stream receives only its own', async () => {
    const alice = harness.customer();
    const bob = harness.customer();
    const stream = await streamOf(consuming, alice);
    const mine = orderCreated(alice.id);

    await harness.deliver(orderCreated(bob.id), mine);

    await eventually(async () => stream.events.some((e) => e.id === mine.eventId));
    expect(stream.events.map((e) => e.id)).toEqual([mine.eventId]);
    stream.close();
  });

  it('when a customer switched in-app off, then nothing is streamed to them', async () => {
    const customer = harness.customer();
    await harness.prefer(customer, { email: true, sms: false, inApp: false, phone: null });
    const stream = await streamOf(consuming, customer);
    const event = orderCreated(customer.id);

    await harness.deliver(event);
    await eventually(async () => (await harness.stored(event.eventId))?.status === 'SENT');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few polls

    expect(stream.events).toEqual([]);
    stream.close();
  });

  it('when a ticket is used a second time, is unknown or is missing, then 401 or 400 problem+json, and no stream', async () => {
    const customer = harness.customer();
    const { ticket } = await ticketFor(customer);
    const first = await openSse(`${consuming}/api/v1/notifications/stream?ticket=${ticket}`);
    const again = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/notifications/stream?ticket=${ticket}`,
    });
    const unknown = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/notifications/stream?ticket=${'x'.repeat(43)}`,
    });
    const missing = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/notifications/stream',
    });

    expect(first.status).toBe(200);
    for (const response of [again, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    }
    expect(missing.statusCode).toBe(400);
    first.close();
  });

  it('when a ticket is asked for without a token or with a SERVICE token, then 401 or 403', async () => {
    const anonymous = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/stream-tickets',
    });
    const service = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/stream-tickets',
      headers: bearer(harness.accounts.serviceToken('order-service')),
    });
    expect(anonymous.statusCode).toBe(401);
    expect(service.statusCode).toBe(403);
  });

  it('when the replica shuts down, then its open streams end (so clients reconnect elsewhere) and it closes promptly', async () => {
    const replica = await buildApp({
      config: harness.config,
      logger: createLogger({ service: 'notification-service', level: 'warn' }),
      db: harness.db,
      background: { consumer: false, delivery: false },
    });
    const url = await listen(replica);
    const stream = await streamOf(url, harness.customer());
    expect(stream.status).toBe(200);

    const started = Date.now();
    await replica.close();
    await stream.ended;

    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
