import { createEvent, EVENT_HEADERS, type ShopEvent, TOPICS } from '@shop/contracts';
import { createTopicNamespace, eventually, type TopicNamespace, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, createLogger, NotFoundError, UnavailableError } from '../src/index.js';
import {
  createKafka,
  type DeadLetterDesk,
  deadLetterDesk,
  type EventHandler,
  readTopicsToEnd,
  startEventConsumer,
} from '../src/kafka/index.js';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const logger = createLogger({ service: 'platform-test', level: 'silent' });
const kafka = createKafka({ clientId: 'platform-dlq-test', brokers, logger });

let topics: TopicNamespace;
let desk: DeadLetterDesk;
beforeAll(async () => {
  topics = await createTopicNamespace(brokers);
  desk = deadLetterDesk({ kafka, topicNamespace: topics.namespace });
});
afterAll(async () => await topics.drop());

const orderCompleted = (orderId: string = crypto.randomUUID()) =>
  createEvent('OrderCompleted', {
    orderId,
    source: 'order-service',
    data: { userId: crypto.randomUUID() },
  });

/** Publishes like a relay does: key = orderId, type and id in the headers. */
const publish = async (events: ShopEvent[]) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topics.topic(TOPICS.order),
    messages: events.map((event) => ({
      key: event.orderId,
      value: JSON.stringify(event),
      headers: { [EVENT_HEADERS.type]: event.type, [EVENT_HEADERS.id]: event.eventId },
    })),
  });
  await producer.disconnect();
};

const consumerOf = async (groupId: string, handle: EventHandler) => {
  const consumer = await startEventConsumer({
    kafka,
    logger,
    groupId,
    topics: [TOPICS.order],
    topicNamespace: topics.namespace,
    fromBeginning: false,
    // Ready, and stopped, without waiting a whole idle poll (CONSUMER_POLL_MS).
    pollMs: 200,
    maxAttempts: 2,
    initialBackoffMs: 10,
    handle,
  });
  await consumer.ready;
  return consumer;
};

const deadLetterOf = async (eventId: string) =>
  await eventually(async () => (await desk.list()).find((letter) => letter.eventId === eventId), {
    timeoutMs: 30_000,
    intervalMs: 500,
    what: `a dead letter of ${eventId}`,
  });

describe('dead letters', () => {
  it('when a broken handler dead-lettered an event, then after the fix a replay makes it take effect exactly once and the dead letter shows replayed', async () => {
    const orderId = crypto.randomUUID();
    const lost = orderCompleted(orderId);
    const groupId = `platform-dlq-${crypto.randomUUID()}`;
    let broken = true;
    const effects = new Map<string, number>();
    const consumer = await consumerOf(groupId, async (event) => {
      if (event.orderId !== orderId) return;
      if (broken) throw new Error('handler bug: cannot read data.userId');
      effects.set(event.eventId, (effects.get(event.eventId) ?? 0) + 1);
    });
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    try {
      await publish([lost]);
      const dead = await deadLetterOf(lost.eventId);
      expect(dead).toMatchObject({
        topic: TOPICS.order,
        reason: 'handler-failed',
        error: 'handler bug: cannot read data.userId',
        consumerGroup: groupId,
        eventType: 'OrderCompleted',
        orderId,
        state: 'pending',
        handledAt: null,
      });
      expect(dead.id).toMatch(/^order\.events\.dlq:\d:\d+$/);
      expect(effects.size).toBe(0);

      broken = false;
      const result = await desk.replay({ ids: [dead.id] }, 'fixed in 1.2.3');
      expect(result).toEqual({ replayed: [dead.id], skipped: [] });
      await eventually(() => effects.get(lost.eventId) === 1, { what: 'the replayed effect' });

      // A second replay is refused as already done; a marker behind it on the same partition
      // (same key) shows that nothing else of this order is still on its way.
      expect(await desk.replay({ ids: [dead.id] })).toEqual({
        replayed: [],
        skipped: [{ id: dead.id, state: 'replayed' }],
      });
      const marker = orderCompleted(orderId);
      await publish([marker]);
      await eventually(() => effects.has(marker.eventId), { what: 'the marker handled' });
      expect(effects.get(lost.eventId)).toBe(1);

      const [replayed] = tap.messages.filter(
        (message) => message.json?.eventId === lost.eventId && message.headers['dlq-replayed-from'],
      );
      expect(replayed?.headers).toEqual({
        'event-type': 'OrderCompleted',
        'event-id': lost.eventId,
        'dlq-replayed-from': dead.id,
      });
      expect(replayed?.key).toBe(orderId);
      const after = (await desk.list()).find((letter) => letter.id === dead.id);
      expect(after).toMatchObject({ state: 'replayed', note: 'fixed in 1.2.3' });
      expect(after?.handledAt).toEqual(expect.any(String));
    } finally {
      await consumer.stop();
      await tap.close();
    }
  });

  it('when an operator acknowledges a dead letter with a note, then it shows acknowledged and replaying all leaves it alone', async () => {
    const orderId = crypto.randomUUID();
    const consumer = await consumerOf(`platform-dlq-${crypto.randomUUID()}`, async () => {});
    const producer = kafka.producer();
    try {
      await producer.connect();
      await producer.send({
        topic: topics.topic(TOPICS.order),
        messages: [{ key: orderId, value: '{not json' }],
      });
      const dead = await eventually(
        async () => (await desk.list()).find((letter) => letter.orderId === orderId),
        { timeoutMs: 30_000, intervalMs: 500, what: 'the invalid message dead-lettered' },
      );
      expect(dead).toMatchObject({ reason: 'invalid', eventType: null, state: 'pending' });

      await expect(desk.acknowledge([dead.id], '  ')).rejects.toBeInstanceOf(BadRequestError);
      await expect(
        desk.acknowledge([dead.id, 'order.events.dlq:0:999999'], 'garbage from a test'),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect((await desk.list()).find((letter) => letter.id === dead.id)?.state).toBe('pending');

      expect(await desk.acknowledge([dead.id], 'garbage from a test')).toEqual({
        acknowledged: [dead.id],
        skipped: [],
      });
      const { replayed } = await desk.replay({ all: true });
      expect(replayed).not.toContain(dead.id);
      expect((await desk.list()).find((letter) => letter.id === dead.id)).toMatchObject({
        state: 'acknowledged',
        note: 'garbage from a test',
      });
      expect((await desk.show(dead.id)).value).toBe('{not json');
    } finally {
      await producer.disconnect();
      await consumer.stop();
    }
  });

  it('when the dead-letter topics are empty or do not exist, then listing ends at once with nothing', async () => {
    const empty = await createTopicNamespace(brokers);
    try {
      const started = Date.now();
      expect(await deadLetterDesk({ kafka, topicNamespace: empty.namespace }).list()).toEqual([]);
      const missing = `t-missing-${crypto.randomUUID().slice(0, 8)}`;
      expect(await deadLetterDesk({ kafka, topicNamespace: missing }).list()).toEqual([]);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await empty.drop();
    }
  });

  it('when the actions topic is missing, then listing still works but a replay refuses before producing anything', async () => {
    const namespace = `t-noactions-${crypto.randomUUID().slice(0, 8)}`;
    const dlq = `${namespace}.${TOPICS.order}.dlq`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: dlq, numPartitions: 1 }],
        waitForLeaders: true,
      });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: dlq, messages: [{ key: 'k', value: '{}' }] });
      await producer.disconnect();
      const bare = deadLetterDesk({ kafka, topicNamespace: namespace });
      const [letter] = await bare.list();
      expect(letter).toMatchObject({ id: `${TOPICS.order}.dlq:0:0`, state: 'pending' });
      const refused = bare.replay({ all: true });
      await expect(refused).rejects.toBeInstanceOf(UnavailableError);
      await expect(refused).rejects.toThrow(/shop\.dlq-actions does not exist/);
    } finally {
      await admin.deleteTopics({ topics: [dlq] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('when a topic holds messages, then reading it to its end returns each once, in order, and ends', async () => {
    const topic = topics.topic(TOPICS.inventory);
    const key = crypto.randomUUID();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [1, 2, 3].map((n) => ({ key, value: String(n) })) });
    } finally {
      await producer.disconnect();
    }
    const read = (await readTopicsToEnd(kafka, [topic])).filter(
      (entry) => entry.message.key?.toString() === key,
    );
    expect(read.map((entry) => entry.message.value?.toString())).toEqual(['1', '2', '3']);
  });
});
