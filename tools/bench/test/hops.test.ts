import { describe, expect, it } from 'vitest';
import { type SeenEvent, sagaHops } from '../src/hops.js';
import { toMarkdown } from '../src/report.js';

/** An event of `orderId` written at `occurredAt` and sent by the relay `relayMs` later. */
const seen = (orderId: string, type: string, occurredAt: number, relayMs: number): SeenEvent => ({
  eventId: crypto.randomUUID(),
  orderId,
  type,
  occurredAt,
  sentAt: occurredAt + relayMs,
});

describe('the saga hops', () => {
  it('when an order’s events are seen, then each relay delay and each reaction is measured from the event it answers', () => {
    const hops = sagaHops(
      [
        seen('a', 'OrderCreated', 1_000, 10),
        // Seen in any order, and two services answer PaymentSucceeded side by side.
        seen('a', 'InventoryCommitted', 1_250, 5),
        seen('a', 'OrderPaid', 1_240, 30),
        seen('a', 'PaymentSucceeded', 1_200, 20),
        seen('a', 'OrderCompleted', 1_300, 10),
      ],
      1,
    );

    expect(hops.relay.OrderCreated?.p50).toBe(10);
    expect(hops.relay.OrderPaid?.p50).toBe(30);
    expect(hops.reaction).toEqual({
      'PaymentSucceeded → OrderPaid': expect.objectContaining({ count: 1, p50: 20 }),
      'PaymentSucceeded → InventoryCommitted': expect.objectContaining({ count: 1, p50: 30 }),
      'PaymentSucceeded + InventoryCommitted → OrderCompleted': expect.objectContaining({
        count: 1,
        p50: 45,
      }),
    });
  });

  it('when the stock commit is on Kafka before the payment, then OrderCompleted is measured from the later of the two', () => {
    const hops = sagaHops(
      [
        seen('a', 'PaymentSucceeded', 1_000, 40),
        seen('a', 'InventoryCommitted', 1_015, 5),
        seen('a', 'OrderPaid', 1_070, 10),
        seen('a', 'OrderCompleted', 1_070, 10),
      ],
      1,
    );

    expect(hops.reaction['PaymentSucceeded + InventoryCommitted → OrderCompleted']?.p50).toBe(30);
  });

  it('when an event is seen twice (the relay sends at least once), then it counts once, and orders never mix', () => {
    const paid = seen('a', 'PaymentSucceeded', 1_000, 10);
    const hops = sagaHops(
      [
        paid,
        { ...paid, sentAt: 5_000 },
        seen('a', 'OrderPaid', 1_100, 5),
        seen('b', 'OrderPaid', 1_020, 5),
      ],
      1,
    );

    expect(hops.relay.PaymentSucceeded?.count).toBe(1);
    expect(hops.reaction['PaymentSucceeded → OrderPaid']).toMatchObject({ count: 1, p50: 90 });
  });

  it('when part c measured its hops, then the report lists each one with its count', () => {
    const hops = sagaHops([seen('a', 'PaymentSucceeded', 0, 12), seen('a', 'OrderPaid', 50, 3)], 1);
    const summary = { count: 1, errors: 0, throughput: 1, p50: 1, p95: 1, p99: 1, min: 1, max: 1 };
    const markdown = toMarkdown({
      startedAt: '2026-12-02T13:00:00.000Z',
      machine: { cpus: 2, node: 'v24.0.0' },
      saga: { rate: 1, total: summary, create: summary, pay: summary, complete: summary, hops },
    });

    expect(markdown).toContain('| PaymentSucceeded written → on Kafka | 1 | 12 / 12 / 12 |');
    expect(markdown).toContain('| PaymentSucceeded → OrderPaid | 1 | 38 / 38 / 38 |');
  });
});
