import { eventually } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { signSmsWebhook } from '../src/transports/sms-webhook-transport.js';
import { orderCreated, orderProgress } from './events.js';
import { useNotificationService } from './support.js';
import { useWebhookServer } from './webhook-server.js';

const SECRET = 'test-webhook-secret-0123456789';
const PHONE = '+447700900123';

// Registered first, so the server listens before the service starts with its URL.
const provider = useWebhookServer();
const harness = useNotificationService({
  env: () => ({
    SMS_WEBHOOK_URL: provider.url,
    SMS_WEBHOOK_SECRET: SECRET,
    // Retries a failed attempt quickly, so the test sees the second one.
    NOTIFICATION_RETRY_BASE_MS: '100',
  }),
});

const requestsFor = (id: string) =>
  provider.received.filter((request) => request.headers['idempotency-key'] === id);

const optedIn = async () => {
  const customer = harness.customer();
  await harness.prefer(customer, { email: false, sms: true, inApp: false, phone: PHONE });
  return customer;
};

describe('text messages through the SMS provider webhook', () => {
  it('when a text message is due, then one signed JSON POST reaches the provider, even when the event is redelivered', async () => {
    const customer = await optedIn();
    const event = orderCreated(customer.id);

    await harness.deliver(event, event);
    await eventually(async () => (await harness.storedText(event.eventId))?.status === 'SENT');
    await harness.deliver(event);

    const [request, ...more] = requestsFor(event.eventId);
    expect(more).toHaveLength(0);
    expect(JSON.parse(request?.body ?? '{}')).toEqual({
      id: event.eventId,
      to: PHONE,
      text: expect.stringMatching(/^Shop: We received your order #/),
    });
    const timestamp = String(request?.headers['x-shop-timestamp']);
    expect(request?.headers['x-shop-signature']).toBe(
      signSmsWebhook(SECRET, timestamp, request?.body ?? ''),
    );
  });

  it('when the provider fails with 503, then the text message is retried with backoff until it is accepted', async () => {
    const customer = await optedIn();
    const event = orderProgress('OrderShipped', customer.id);
    provider.answers.push(503, 503);

    await harness.deliver(event);

    const stored = await eventually(async () => {
      const doc = await harness.storedText(event.eventId);
      return doc?.status === 'SENT' && doc;
    });
    expect(stored).toMatchObject({ attempts: 3, to: PHONE });
    expect(requestsFor(event.eventId)).toHaveLength(3);
  });

  it('when the provider refuses the message for good (400), then it is FAILED at once, without retries', async () => {
    const customer = await optedIn();
    const event = orderProgress('OrderDelivered', customer.id);
    provider.answers.push(400);

    await harness.deliver(event);

    const stored = await eventually(async () => {
      const doc = await harness.storedText(event.eventId);
      return doc?.status === 'FAILED' && doc;
    });
    expect(stored).toMatchObject({ attempts: 1, lastError: expect.stringContaining('400') });
    expect(requestsFor(event.eventId)).toHaveLength(1);
  });
});
