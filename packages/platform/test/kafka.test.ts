import { createEvent, type ShopEvent, TOPICS } from '@shop/contracts';
import { createTopicNamespace, eventually, type TopicNamespace, tapKafka } from '@shop/testing';
import type { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, UnprocessableError } from '../src/index.js';
import {
  createKafka,
  type EventConsumerOptions,
  type OutboxMessage,
  type OutboxStore,
  startEventConsumer,
  startOutboxRelay,
  toOutboxMessage,
} from '../src/kafka/index.js';
import {
  createOutboxIndex,
  embeddedOutbox,
  outboxEntry,
  type WithOutbox,
} from '../src/mongo/index.js';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const logger = createLogger({ service: 'platform-test', level: 'silent' });
const kafka = createKafka({ clientId: 'platform-test', brokers, logger });

const orderCompleted = (orderId: string = crypto.randomUUID()) =>
  createEvent('OrderCompleted', {
    orderId,
    source: 'order-service',
    data: { userId: crypto.randomUUID() },
  });

let mongo: MongoClient;
let topics: TopicNamespace;

/** A relay over `store` into this file's topic namespace, polling every 50 ms unless told. */
const relayOf = (store: OutboxStore, options: { kafka?: Kafka; pollIntervalMs?: number } = {}) =>
  startOutboxRelay({
    store,
    kafka,
    logger,
    pollIntervalMs: 50,
    topicNamespace: topics.namespace,
    ...options,
  });
/**
 * A consumer of this file's order topic in a group of its own, from new messages on, polling
 * every 200 ms unless told: ready, and stopped, without waiting a whole idle poll
 * (CONSUMER_POLL_MS).
 */
const consumerOf = (
  options: Pick<EventConsumerOptions, 'handle'> & Partial<EventConsumerOptions>,
) =>
  startEventConsumer({
    kafka,
    logger,
    groupId: `platform-test-${crypto.randomUUID()}`,
    topics: [TOPICS.order],
    topicNamespace: topics.namespace,
    fromBeginning: false,
    pollMs: 200,
    ...options,
  });
const dbName = `platform_test_${crypto.randomUUID().slice(0, 8)}`;
beforeAll(async () => {
  mongo = new MongoClient(process.env.MONGO_URL ?? '');
  await mongo.connect();
  topics = await createTopicNamespace(brokers);
});
afterAll(async () => {
  await mongo.db(dbName).dropDatabase();
  await mongo.close();
  await topics.drop();
});

describe('outbox relay with an embedded MongoDB outbox', () => {
  it('when a document holds events, then they reach Kafka with key and headers, in order, and leave the outbox', async () => {
    const collection = mongo.db(dbName).collection<WithOutbox & { _id: string }>('aggregates');
    const orderId = crypto.randomUUID();
    const events = [orderCompleted(orderId), orderCompleted(orderId), orderCompleted(orderId)];
    await collection.insertOne({
      _id: orderId,
      outbox: events.map((event) => outboxEntry(event, '00-abc-def-01')),
    });
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    const relay = relayOf(embeddedOutbox(collection));
    try {
      const received = await tap.waitFor((message) => message.key === orderId, 3);
      expect(received.map((message) => message.json?.eventId)).toEqual(
        events.map((event) => event.eventId),
      );
      expect(received[0]?.headers).toEqual({
        'event-type': 'OrderCompleted',
        'event-id': events[0]?.eventId,
        traceparent: '00-abc-def-01',
      });
      await eventually(
        async () => ((await collection.findOne({ _id: orderId }))?.outbox ?? [1]).length === 0,
      );
    } finally {
      await relay.stop();
      await tap.close();
    }
  });

  it('when Kafka cannot be reached, then the events stay in the outbox until a relay can publish them', async () => {
    const collection = mongo.db(dbName).collection<WithOutbox & { _id: string }>('aggregates');
    const orderId = crypto.randomUUID();
    await collection.insertOne({ _id: orderId, outbox: [outboxEntry(orderCompleted(orderId))] });
    const unreachable = createKafka({
      clientId: 'platform-test',
      brokers: ['127.0.0.1:1'],
      logger,
    });
    const failing = relayOf(embeddedOutbox(collection), { kafka: unreachable });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await failing.stop();
    expect((await collection.findOne({ _id: orderId }))?.outbox).toHaveLength(1);

    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    const relay = relayOf(embeddedOutbox(collection));
    try {
      await tap.waitFor((message) => message.key === orderId);
      await relay.drain();
      expect((await collection.findOne({ _id: orderId }))?.outbox).toEqual([]);
    } finally {
      await relay.stop();
      await tap.close();
    }
  });
});

describe('embedded outbox hints', () => {
  const aggregates = () =>
    mongo.db(dbName).collection<WithOutbox & { _id: string }>(`hinted_${crypto.randomUUID()}`);

  it('when the repository hints the document it wrote, then its events go out without waiting for a sweep', async () => {
    const collection = aggregates();
    const store = embeddedOutbox(collection, { sweepIntervalMs: 3_600_000 });
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    const relay = relayOf(store);
    try {
      await relay.drain(); // the first (and, within the hour, only) sweep is behind us
      const hinted = crypto.randomUUID();
      const unhinted = crypto.randomUUID();
      await collection.insertOne({
        _id: unhinted,
        outbox: [outboxEntry(orderCompleted(unhinted))],
      });
      await collection.insertOne({ _id: hinted, outbox: [outboxEntry(orderCompleted(hinted))] });
      store.written(hinted);
      relay.wake();

      await tap.waitFor((message) => message.key === hinted);
      await relay.drain();
      expect((await collection.findOne({ _id: hinted }))?.outbox).toEqual([]);
      expect((await collection.findOne({ _id: unhinted }))?.outbox).toHaveLength(1);
    } finally {
      await relay.stop();
      await tap.close();
    }
  });

  it('when nobody hinted a document with events, then the next sweep finds and publishes them', async () => {
    const collection = aggregates();
    const store = embeddedOutbox(collection, { sweepIntervalMs: 200 });
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    const relay = relayOf(store);
    try {
      await relay.drain();
      const orderId = crypto.randomUUID();
      await collection.insertOne({ _id: orderId, outbox: [outboxEntry(orderCompleted(orderId))] });

      await tap.waitFor((message) => message.key === orderId);
      await eventually(
        async () => ((await collection.findOne({ _id: orderId }))?.outbox ?? [1]).length === 0,
      );
    } finally {
      await relay.stop();
      await tap.close();
    }
  });
});

describe('embedded outbox index', () => {
  it('when the outbox index is made, then it holds only documents whose events wait, the filter the sweep and the backlog ask with', async () => {
    const collection = mongo
      .db(dbName)
      .collection<WithOutbox & { _id: string }>(`indexed_${crypto.randomUUID()}`);
    const waiting = crypto.randomUUID();
    await collection.insertMany([
      { _id: crypto.randomUUID(), outbox: [] },
      { _id: crypto.randomUUID() },
      { _id: waiting, outbox: [outboxEntry(orderCompleted(waiting))] },
    ]);

    await createOutboxIndex(collection);

    const index = (await collection.listIndexes().toArray()).find(
      (candidate) => candidate.name === 'ix_outbox_pending',
    );
    expect(index).toMatchObject({
      key: { 'outbox.createdAt': 1 },
      partialFilterExpression: { 'outbox.createdAt': { $exists: true } },
    });
    const store = embeddedOutbox(collection, { sweepIntervalMs: 0 });
    expect((await store.pending(10)).map((message) => message.ref)).toEqual([waiting]);
    expect(await store.backlog?.()).toMatchObject({ pending: 1 });
  });
});

describe('outbox relay wake-ups', () => {
  it('when a wake comes while a pass is still reading, then the rows it announces go out without waiting for the next poll', async () => {
    const collection = mongo
      .db(dbName)
      .collection<WithOutbox & { _id: string }>(`wake_${crypto.randomUUID()}`);
    const inner = embeddedOutbox(collection, { sweepIntervalMs: 3_600_000 });
    const orderId = crypto.randomUUID();
    let relay: ReturnType<typeof relayOf> | undefined;
    let reads = 0;
    // The second read (the first after start-up) is where the write and its wake land: it
    // has already looked, so it returns nothing although a row is now waiting.
    const store: OutboxStore = {
      markPublished: inner.markPublished,
      pending: async (limit) => {
        reads += 1;
        const found = await inner.pending(limit);
        if (reads === 2) {
          await collection.insertOne({
            _id: orderId,
            outbox: [outboxEntry(orderCompleted(orderId))],
          });
          inner.written(orderId);
          relay?.wake();
        }
        return found;
      },
    };
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    relay = relayOf(store, { pollIntervalMs: 3_600_000 });
    try {
      relay.wake(); // ends the sleep after the start-up sweep
      const [message] = await tap.waitFor((candidate) => candidate.key === orderId, 1, 10_000);
      expect(message?.key).toBe(orderId);
    } finally {
      await relay.stop();
      await tap.close();
    }
  });
});

/** An outbox read by one plain query (as MySQL's), in memory, that counts its reads. */
const plainQueryOutbox = () => {
  const rows: OutboxMessage[] = [];
  const outbox = {
    reads: 0,
    add: (event: ShopEvent) => rows.push(toOutboxMessage(event)),
    store: {
      exhaustiveReads: true,
      pending: async (limit: number) => {
        outbox.reads += 1;
        return rows.slice(0, limit);
      },
      markPublished: async (messages: OutboxMessage[]) => {
        const sent = new Set(messages.map((message) => message.id));
        rows.splice(0, rows.length, ...rows.filter((row) => !sent.has(row.id)));
      },
    } satisfies OutboxStore,
  };
  return outbox;
};

describe('outbox relay over a plain query', () => {
  it('when a read returns less than a batch, then the relay publishes it and sleeps until woken, without reading again to find nothing', async () => {
    const outbox = plainQueryOutbox();
    const orderId = crypto.randomUUID();
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    const relay = relayOf(outbox.store, { pollIntervalMs: 3_600_000 });
    try {
      await relay.drain();
      const idleReads = outbox.reads;
      outbox.add(orderCompleted(orderId));
      relay.wake();
      await tap.waitFor((candidate) => candidate.key === orderId, 1, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(outbox.reads - idleReads).toBe(1);
    } finally {
      await relay.stop();
      await tap.close();
    }
  });

  it('when a write and its wake come while a short batch is being published, then the relay reads again and sends it at once', async () => {
    const outbox = plainQueryOutbox();
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
    const markPublished = outbox.store.markPublished;
    let relay: ReturnType<typeof relayOf> | undefined;
    outbox.store.markPublished = async (messages) => {
      await markPublished(messages);
      if (messages.some((message) => message.key === first)) {
        outbox.add(orderCompleted(second));
        relay?.wake();
      }
    };
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    relay = relayOf(outbox.store, { pollIntervalMs: 3_600_000 });
    try {
      await relay.drain();
      outbox.add(orderCompleted(first));
      relay.wake();
      const [message] = await tap.waitFor((candidate) => candidate.key === second, 1, 10_000);
      expect(message?.key).toBe(second);
    } finally {
      await relay.stop();
      await tap.close();
    }
  });
});

describe('event consumer', () => {
  const produce = async (
    messages: { key: string; value: string }[],
    topic = topics.topic(TOPICS.order),
  ) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();
  };

  it('when a handler keeps failing, then the event goes to the DLQ after the attempts and the next one is handled', async () => {
    const poison = orderCompleted();
    const next = orderCompleted(poison.orderId);
    const attempts: string[] = [];
    const handled: ShopEvent[] = [];
    const dlq = await tapKafka(brokers, [topics.topic(`${TOPICS.order}.dlq`)]);
    const consumer = await consumerOf({
      maxAttempts: 3,
      initialBackoffMs: 10,
      handle: async (event) => {
        if (event.orderId !== poison.orderId) return;
        if (event.eventId === poison.eventId) {
          attempts.push(event.eventId);
          throw new Error('store unavailable');
        }
        handled.push(event);
      },
    });
    try {
      await consumer.ready;
      await produce(
        [poison, next].map((event) => ({ key: event.orderId, value: JSON.stringify(event) })),
      );

      const [dead] = await dlq.waitFor((message) => message.key === poison.orderId);
      expect(dead?.json?.eventId).toBe(poison.eventId);
      expect(dead?.headers).toMatchObject({
        'dlq-reason': 'handler-failed',
        'dlq-error': 'store unavailable',
      });
      await eventually(() => handled.length === 1);
      expect(handled[0]?.eventId).toBe(next.eventId);
      expect(attempts).toHaveLength(3);
    } finally {
      await consumer.stop();
      await dlq.close();
    }
  });

  it('when a handler fails for a reason about the world, then only its partition waits and the event is handled once the world is back, never dead-lettered', async () => {
    const stuck = orderCompleted();
    const behind = orderCompleted(stuck.orderId);
    // Another order on another partition: the keys hash to different partitions of 3.
    const others = Array.from({ length: 12 }, () => orderCompleted());
    let storeDown = true;
    const handled: string[] = [];
    let failures = 0;
    const dlq = await tapKafka(brokers, [topics.topic(`${TOPICS.order}.dlq`)]);
    // A resumed partition waits for the fetch in flight, on a quiet topic a whole poll: this
    // test is about the backoff's pace, so the poll is short (consumerOf's 200 ms).
    const consumer = await consumerOf({
      maxAttempts: 2,
      initialBackoffMs: 20,
      maxBackoffMs: 200,
      handle: async (event) => {
        if (event.eventId === stuck.eventId && storeDown) {
          failures += 1;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
            code: 'ECONNREFUSED',
          });
        }
        handled.push(event.eventId);
      },
    });
    try {
      await consumer.ready;
      await produce(
        [stuck, behind, ...others].map((event) => ({
          key: event.orderId,
          value: JSON.stringify(event),
        })),
      );
      // Far more failures than maxAttempts, and the other orders go on meanwhile.
      await eventually(() => failures >= 6, { timeoutMs: 20_000 });
      const otherPartitions = others.filter((event) => handled.includes(event.eventId));
      expect(otherPartitions.length).toBeGreaterThan(0);
      expect(handled).not.toContain(behind.eventId);

      storeDown = false;
      await eventually(() => handled.includes(behind.eventId), { timeoutMs: 20_000 });
      expect(handled.indexOf(stuck.eventId)).toBeLessThan(handled.indexOf(behind.eventId));
      expect(handled.filter((id) => id === stuck.eventId)).toHaveLength(1);
      expect(dlq.messages.filter((message) => message.key === stuck.orderId)).toEqual([]);
    } finally {
      await consumer.stop();
      await dlq.close();
    }
  });

  it('when a handler refuses an event as the domain always will (a 4xx), then it is dead-lettered at once as refused', async () => {
    const refused = orderCompleted();
    let attempts = 0;
    const dlq = await tapKafka(brokers, [topics.topic(`${TOPICS.order}.dlq`)]);
    const consumer = await consumerOf({
      handle: async (event) => {
        if (event.eventId !== refused.eventId) return;
        attempts += 1;
        throw new UnprocessableError('no-such-thing', 'This event can never apply');
      },
    });
    try {
      await consumer.ready;
      await produce([{ key: refused.orderId, value: JSON.stringify(refused) }]);
      const [dead] = await dlq.waitFor((message) => message.key === refused.orderId);
      expect(dead?.headers['dlq-reason']).toBe('refused');
      expect(attempts).toBe(1);
    } finally {
      await consumer.stop();
      await dlq.close();
    }
  });

  it('when a message is not a valid event, then it is dead-lettered as invalid without reaching the handler', async () => {
    const key = crypto.randomUUID();
    const handled: ShopEvent[] = [];
    const dlq = await tapKafka(brokers, [topics.topic(`${TOPICS.order}.dlq`)]);
    const consumer = await consumerOf({
      handle: async (event) => {
        if (event.orderId === key) handled.push(event);
      },
    });
    try {
      await consumer.ready;
      await produce([
        { key, value: '{not json' },
        { key, value: JSON.stringify({ ...orderCompleted(key), data: { userId: 'nope' } }) },
      ]);
      const dead = await dlq.waitFor((message) => message.key === key, 2);
      expect(dead.map((message) => message.headers['dlq-reason'])).toEqual(['invalid', 'invalid']);
      expect(dead[1]?.headers['dlq-error']).toMatch(/data\.userId/);
      expect(handled).toEqual([]);
    } finally {
      await consumer.stop();
      await dlq.close();
    }
  });
  it('when a consumer reads from the oldest message, then it is ready once it joined its group, before its first poll ends, and handles what comes next', async () => {
    const event = orderCompleted();
    const handled: string[] = [];
    const pollMs = 10_000;
    // Topics nothing was written to: the first fetch has nothing to return until its poll ends.
    const quiet = await createTopicNamespace(brokers);
    const startedAt = Date.now();
    const consumer = await consumerOf({
      topicNamespace: quiet.namespace,
      fromBeginning: true,
      pollMs,
      handle: async (seen) => {
        if (seen.orderId === event.orderId) handled.push(seen.eventId);
      },
    });
    try {
      await consumer.ready;
      // Waiting for a first fetch would take a whole poll on a quiet topic.
      expect(Date.now() - startedAt).toBeLessThan(pollMs);
      await produce(
        [{ key: event.orderId, value: JSON.stringify(event) }],
        quiet.topic(TOPICS.order),
      );
      await eventually(() => handled.includes(event.eventId));
    } finally {
      await consumer.stop();
      await quiet.drop();
    }
  });

  it('when a consumer stops after handling events, then the next member of its group starts after them and not before', async () => {
    const groupId = `platform-test-${crypto.randomUUID()}`;
    const first = [orderCompleted(), orderCompleted()];
    const later = orderCompleted();
    const ours = new Set([...first, later].map((event) => event.eventId));
    const handledBy = { first: [] as string[], second: [] as string[] };
    const member = (who: keyof typeof handledBy, fromBeginning: boolean) =>
      consumerOf({
        groupId,
        fromBeginning,
        // Other tests of this file write to the same topic; only this test's events count.
        handle: async (event) => {
          if (ours.has(event.eventId)) handledBy[who].push(event.eventId);
        },
      });
    const one = await member('first', false);
    await one.ready;
    await produce(first.map((event) => ({ key: event.orderId, value: JSON.stringify(event) })));
    await eventually(async () => expect(handledBy.first).toHaveLength(2));
    // Stopped well within the commit interval: stop must commit what was handled.
    await one.stop();
    const two = await member('second', true);
    try {
      await two.ready;
      await produce([{ key: later.orderId, value: JSON.stringify(later) }]);
      await eventually(async () => expect(handledBy.second).toContain(later.eventId));
      expect(handledBy.second).toEqual([later.eventId]);
    } finally {
      await two.stop();
    }
  });
});
