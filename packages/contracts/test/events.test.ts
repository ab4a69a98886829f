import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ALL_TOPICS,
  createEvent,
  DLQ_ACTIONS_TOPIC,
  dlqTopic,
  EVENT_TOPIC,
  EVENT_TYPES,
  safeParseEvent,
  TOPICS,
} from '../src/index.js';

const orderId = () => crypto.randomUUID();
const userId = crypto.randomUUID();

const paymentSucceeded = () =>
  createEvent('PaymentSucceeded', {
    orderId: orderId(),
    source: 'payment-service',
    data: {
      paymentId: crypto.randomUUID(),
      userId,
      amount: 2599,
      currency: 'USD',
      transactionId: 'sim_123',
      card: { brand: 'visa', last4: '4242' },
    },
  });

describe('event envelope', () => {
  it('when an event is created, then it carries a fresh id, version 1 and a UTC timestamp', () => {
    const first = paymentSucceeded();
    const second = paymentSucceeded();
    expect(first.eventId).not.toBe(second.eventId);
    expect(first.version).toBe(1);
    expect(first.type).toBe('PaymentSucceeded');
    expect(new Date(first.occurredAt).toISOString()).toBe(first.occurredAt);
  });

  it('when a producer passes a float amount, then creating the event throws naming the field', () => {
    expect(() =>
      createEvent('PaymentFailed', {
        orderId: orderId(),
        source: 'payment-service',
        data: {
          paymentId: crypto.randomUUID(),
          userId,
          amount: 25.99,
          currency: 'USD',
          reason: 'x',
        },
      }),
    ).toThrow(/amount/);
  });

  it('when the orderId is not a UUID, then the event is refused', () => {
    expect(() =>
      createEvent('OrderCompleted', {
        orderId: 'order-1',
        source: 'order-service',
        data: { userId },
      }),
    ).toThrow(/orderId/);
  });

  it('when a consumer reads a valid event from its topic, then it parses with its data typed', () => {
    const event = paymentSucceeded();
    const result = safeParseEvent(TOPICS.payment, JSON.parse(JSON.stringify(event)));
    expect(result.success).toBe(true);
    expect(result.data).toEqual(event);
  });

  it('when an event arrives on a topic that does not carry its type, then it is refused', () => {
    const result = safeParseEvent(TOPICS.order, paymentSucceeded());
    expect(result.success).toBe(false);
  });

  it('when the message is not an event at all, then parsing fails instead of throwing', () => {
    for (const garbage of [null, 'text', 42, {}, { type: 'OrderCreated' }]) {
      expect(safeParseEvent(TOPICS.order, garbage).success).toBe(false);
    }
  });

  it('when a newer producer adds a field, then an older consumer still accepts the event', () => {
    const event = { ...paymentSucceeded(), traceId: 'abc' };
    expect(safeParseEvent(TOPICS.payment, event).success).toBe(true);
  });
});

describe('topics', () => {
  it('when every event type is listed, then each belongs to exactly one of the three topics', () => {
    expect(EVENT_TYPES).toHaveLength(13);
    expect(EVENT_TOPIC.OrderCancelled).toBe('order.events');
    expect(EVENT_TOPIC.PaymentRefunded).toBe('payment.events');
    expect(EVENT_TOPIC.InventoryCommitFailed).toBe('inventory.events');
    expect(new Set(Object.values(EVENT_TOPIC))).toEqual(new Set(ALL_TOPICS));
  });

  it('when infra creates topics, then it creates every saga topic, its dead-letter topic and the compacted record of dead-letter actions', () => {
    const file = readFileSync(new URL('../../../infra/kafka-topics.txt', import.meta.url), 'utf8');
    const rows = file
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/));
    expect(rows.map((row) => row[0])).toEqual(
      expect.arrayContaining([...ALL_TOPICS, ...ALL_TOPICS.map(dlqTopic), DLQ_ACTIONS_TOPIC]),
    );
    expect(rows.find((row) => row[0] === DLQ_ACTIONS_TOPIC)?.[2]).toBe('cleanup.policy=compact');
  });
});
