import { physicalTopic, TOPICS } from '@shop/contracts';
import { Kafka, logLevel } from 'kafkajs';
import type { BenchConfig } from './config.js';
import type { Fixtures } from './fixtures.js';
import { type SagaHops, type SeenEvent, sagaHops } from './hops.js';
import type { Http } from './http.js';
import { openLoop } from './load.js';
import { placeOrder } from './orders.js';
import { type Summary, summarize } from './stats.js';
import { highestSustainedRate } from './sweep.js';

const CARD = { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, holderName: 'Bench' };
const COMPLETION_TIMEOUT_MS = 30_000;

/** The event a message carries, as far as the hops need it; null for anything else. */
const seenEvent = (value: Buffer | null, timestamp: string): SeenEvent | null => {
  try {
    const event = JSON.parse(value?.toString() ?? '');
    if (typeof event.eventId !== 'string' || typeof event.orderId !== 'string') return null;
    return {
      eventId: event.eventId,
      orderId: event.orderId,
      type: String(event.type),
      occurredAt: Date.parse(event.occurredAt),
      sentAt: Number(timestamp),
    };
  } catch {
    return null;
  }
};

/**
 * Reads the saga's topics while the bench runs: resolves when OrderCompleted of an order is on
 * Kafka (the saga's end, seen as a user would) and keeps every event seen, for the hops.
 */
const watchSaga = async (brokers: string[]) => {
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-${crypto.randomUUID()}`, maxWaitTimeInMs: 50 });
  const waiting = new Map<string, (at: number) => void>();
  const seen = new Map<string, number>();
  const events: SeenEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({
    topics: [TOPICS.order, TOPICS.payment, TOPICS.inventory].map((topic) =>
      physicalTopic('', topic),
    ),
    fromBeginning: false,
  });
  // Ready once a first fetch after joining fixed the starting offsets: nothing later is missed.
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () =>
      consumer.on(consumer.events.FETCH, () => resolve()),
    );
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = seenEvent(message.value, message.timestamp);
      if (event) events.push(event);
      if (message.headers?.['event-type']?.toString() !== 'OrderCompleted') return;
      const orderId = message.key?.toString() ?? '';
      seen.set(orderId, performance.now());
      waiting.get(orderId)?.(performance.now());
    },
  });
  await joined;
  return {
    completed: async (orderId: string) =>
      await new Promise<number>((resolve, reject) => {
        const already = seen.get(orderId);
        if (already) return resolve(already);
        const timer = setTimeout(
          () => reject(new Error(`order ${orderId} not completed`)),
          COMPLETION_TIMEOUT_MS,
        );
        waiting.set(orderId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    /** The events seen of these orders. */
    eventsOf: (orderIds: Set<string>) => events.filter((event) => orderIds.has(event.orderId)),
    stop: async () => await consumer.disconnect(),
  };
};

export interface SagaRun {
  rate: number;
  total: Summary;
  create: Summary;
  pay: Summary;
  complete: Summary;
  /** Where the time went, hop by hop (absent in older results). */
  hops?: SagaHops;
}

/**
 * c. The checkout saga at a constant arrival rate: POST /orders, POST /payments, then until
 * OrderCompleted is on Kafka. Each stage is timed; `total` counts from when the journey was due.
 */
export const benchSaga = async (
  http: Http,
  config: BenchConfig,
  fixtures: Fixtures,
  rate: number,
  seconds: number,
): Promise<SagaRun> => {
  const saga = await watchSaga(config.brokers);
  const stages = { create: [] as number[], pay: [] as number[], complete: [] as number[] };
  const placed = new Set<string>();
  try {
    const total = await openLoop(rate, seconds, async (index) => {
      const started = performance.now();
      const order = await placeOrder(http, config, fixtures, index);
      placed.add(order.id);
      const created = performance.now();
      await http.call('POST', `${config.urls.payment}/api/v1/payments`, {
        headers: {
          authorization: fixtures.tokens[index % fixtures.tokens.length] ?? '',
          'idempotency-key': `bench-${crypto.randomUUID()}`,
        },
        body: {
          orderId: order.id,
          amount: order.totalAmount,
          currency: order.currency,
          paymentMethod: CARD,
        },
      });
      const paid = performance.now();
      const completed = await saga.completed(order.id);
      stages.create.push(created - started);
      stages.pay.push(paid - created);
      stages.complete.push(Math.max(0, completed - paid));
    });
    return {
      rate,
      total,
      create: summarize(stages.create, 0, seconds),
      pay: summarize(stages.pay, 0, seconds),
      complete: summarize(stages.complete, 0, seconds),
      hops: sagaHops(saga.eventsOf(placed), seconds),
    };
  } finally {
    await saga.stop();
  }
};

/** d. The highest arrival rate whose saga p99 stays within 1 s (and errors under 1 %). */
export const findMaxSagaRate = async (
  http: Http,
  config: BenchConfig,
  fixtures: Fixtures,
  settle: () => Promise<void>,
) =>
  await highestSustainedRate(
    config.sagaRates,
    1_000,
    (rate) => benchSaga(http, config, fixtures, rate, config.seconds),
    settle,
  );
