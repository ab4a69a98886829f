import { createEvent, dlqTopic, TOPICS } from '@shop/contracts';
import { tapKafka } from '@shop/testing';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { bearer, useOrderService } from './support.js';

const harness = useOrderService();
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const URL = '/api/v1/operations/dead-letters';

/** A dead letter as a consumer of the suite's namespace writes it (event-consumer.ts). */
const deadLetter = async (reason = 'handler-failed') => {
  const event = createEvent('OrderCompleted', {
    orderId: crypto.randomUUID(),
    source: 'order-service',
    data: { userId: crypto.randomUUID() },
  });
  const producer = new Kafka({ clientId: 'test', brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({
    topic: harness.topics.topic(dlqTopic(TOPICS.order)),
    messages: [
      {
        key: event.orderId,
        value: JSON.stringify(event),
        headers: {
          'event-type': event.type,
          'event-id': event.eventId,
          'dlq-reason': reason,
          'dlq-error': 'boom',
          'dlq-original-topic': harness.topics.topic(TOPICS.order),
          'dlq-original-partition': '0',
          'dlq-original-offset': '7',
          'dlq-consumer-group': 'cart-service',
          'dlq-at': new Date().toISOString(),
        },
      },
    ],
  });
  await producer.disconnect();
  return event;
};

const list = async (query = '') =>
  await harness.app.inject({
    method: 'GET',
    url: `${URL}${query}`,
    headers: bearer(harness.adminToken),
  });

const replay = async (payload: unknown, token = harness.adminToken) =>
  await harness.app.inject({
    method: 'POST',
    url: `${URL}/replay`,
    headers: bearer(token),
    payload: payload as Record<string, unknown>,
  });

describe('dead letters through the operations API', () => {
  it('when nobody or a customer asks, then 401 and 403, and nothing is replayed', async () => {
    const customer = harness.accounts.customer();
    expect((await harness.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    const asCustomer = await harness.app.inject({
      method: 'GET',
      url: URL,
      headers: bearer(customer.token),
    });
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await replay({ all: true }, customer.token)).statusCode).toBe(403);
    const anonymous = await harness.app.inject({
      method: 'POST',
      url: `${URL}/replay`,
      payload: { all: true },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('when an event was dead-lettered, then an ADMIN sees it pending with its reason, replays it onto its topic, and it counts no more', async () => {
    const event = await deadLetter();
    const before = await list();
    expect(before.statusCode).toBe(200);
    const entry = before
      .json()
      .deadLetters.find((letter: { eventId: string }) => letter.eventId === event.eventId);
    expect(entry).toMatchObject({
      topic: TOPICS.order,
      reason: 'handler-failed',
      error: 'boom',
      consumerGroup: 'cart-service',
      eventType: 'OrderCompleted',
      orderId: event.orderId,
      state: 'pending',
    });
    const pendingBefore = before.json().pending;
    expect(pendingBefore).toBeGreaterThanOrEqual(1);

    const tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.order)]);
    try {
      const response = await replay({ ids: [entry.id] });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ replayed: [entry.id], skipped: [] });
      const [replayed] = await tap.waitFor((message) => message.json?.eventId === event.eventId);
      expect(replayed?.headers['dlq-replayed-from']).toBe(entry.id);
    } finally {
      await tap.close();
    }
    const after = await list();
    expect(after.json().pending).toBe(pendingBefore - 1);
    const replayedOnly = (await list('?state=replayed')).json();
    expect(replayedOnly.deadLetters.map((letter: { id: string }) => letter.id)).toContain(entry.id);
    expect(replayedOnly.pending).toBe(pendingBefore - 1);
  });

  it('when replay names nothing valid or an unknown dead letter, then 400 or 404 and nothing changes', async () => {
    await deadLetter('refused');
    const pending = (await list()).json().pending;
    expect((await replay({ ids: ['not-an-id'] })).statusCode).toBe(400);
    expect((await replay({ ids: [] })).statusCode).toBe(400);
    expect((await replay({ all: false })).statusCode).toBe(400);
    expect((await list('?state=lost')).statusCode).toBe(400);
    const unknown = await replay({ ids: ['order.events.dlq:0:999999'] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().unknownIds).toEqual(['order.events.dlq:0:999999']);
    expect((await list()).json().pending).toBe(pending);
  });

  it('when replaying all, then every pending dead letter is replayed and none is left', async () => {
    await deadLetter();
    const response = await replay({ all: true, note: 'handler fixed' });
    expect(response.statusCode).toBe(200);
    expect(response.json().replayed.length).toBeGreaterThanOrEqual(1);
    const after = (await list()).json();
    expect(after.pending).toBe(0);
    expect(after.deadLetters.every((letter: { state: string }) => letter.state !== 'pending')).toBe(
      true,
    );
  });

  it('when the API is documented, then both routes are in the OpenAPI document', async () => {
    const document = (await harness.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([URL, `${URL}/replay`]));
  });
});
