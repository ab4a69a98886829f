import { createEvent, physicalTopic, TOPICS } from '@shop/contracts';
import { createTopicNamespace, eventually, type TopicNamespace } from '@shop/testing';
import { MongoClient } from 'mongodb';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import {
  createKafka,
  kafkaMetrics,
  startEventConsumer,
  startOutboxRelay,
  watchConsumerLag,
  watchOutbox,
} from '../src/kafka/index.js';
import { embeddedOutbox, outboxEntry, type WithOutbox } from '../src/mongo/index.js';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const logger = createLogger({ service: 'platform-test', level: 'silent' });
const kafka = createKafka({ clientId: 'platform-metrics-test', brokers, logger });
const dbName = `platform_metrics_${crypto.randomUUID().slice(0, 8)}`;
let mongo: MongoClient;
let topics: TopicNamespace;

beforeAll(async () => {
  mongo = await new MongoClient(process.env.MONGO_URL ?? '').connect();
  topics = await createTopicNamespace(brokers);
});
afterAll(async () => {
  await mongo.db(dbName).dropDatabase();
  await mongo.close();
  await topics.drop();
});

const event = (orderId = crypto.randomUUID()) =>
  createEvent('OrderCompleted', {
    orderId,
    source: 'order-service',
    data: { userId: crypto.randomUUID() },
  });

/** The sum of the series named `name` (histograms: `<name>_count`, ...) carrying `labels`. */
const seriesSum = async (registry: Registry, name: string, labels: Record<string, string> = {}) => {
  let total = 0;
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const entry of metric.values as { metricName?: string; labels: object; value: number }[]) {
      const carries = Object.entries(labels).every(
        ([key, value]) => (entry.labels as Record<string, unknown>)[key] === value,
      );
      if ((entry.metricName ?? metric.name) === name && carries) total += entry.value;
    }
  }
  return total;
};

const produce = async (values: { key: string; value: string }[]) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: topics.topic(TOPICS.order), messages: values });
  await producer.disconnect();
};

describe('Kafka and outbox metrics', () => {
  it('when events succeed, succeed after a retry or are dead-lettered, then each outcome is counted', async () => {
    const registry = new Registry();
    const [fine, flaky, poison] = [event(), event(), event()];
    const failures = new Map<string, number>();
    const consumer = await startEventConsumer({
      kafka,
      logger,
      groupId: `metrics-test-${crypto.randomUUID()}`,
      topics: [TOPICS.order],
      topicNamespace: topics.namespace,
      fromBeginning: false,
      // Ready, and stopped, without waiting a whole idle poll (CONSUMER_POLL_MS).
      pollMs: 200,
      maxAttempts: 2,
      initialBackoffMs: 10,
      metrics: kafkaMetrics(registry),
      handle: async ({ eventId }) => {
        const failed = failures.get(eventId) ?? 0;
        if (eventId === poison.eventId || (eventId === flaky.eventId && failed === 0)) {
          failures.set(eventId, failed + 1);
          throw new Error('not now');
        }
      },
    });
    try {
      await consumer.ready;
      await produce(
        [fine, flaky, poison].map((e) => ({ key: e.orderId, value: JSON.stringify(e) })),
      );
      const histogram = 'kafka_event_handler_duration_seconds_count';
      await eventually(async () => (await seriesSum(registry, histogram)) === 3);

      const type = 'OrderCompleted';
      expect(await seriesSum(registry, histogram, { type, outcome: 'ok' })).toBe(1);
      expect(await seriesSum(registry, histogram, { type, outcome: 'retried' })).toBe(1);
      expect(await seriesSum(registry, histogram, { type, outcome: 'dead_lettered' })).toBe(1);
      expect(
        await seriesSum(registry, 'kafka_dead_letters_total', {
          topic: TOPICS.order,
          reason: 'handler-failed',
        }),
      ).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  it('when events wait in the outbox, then backlog and age show them; once published, zero', async () => {
    const registry = new Registry();
    const collection = mongo.db(dbName).collection<WithOutbox & { _id: string }>('metrics');
    const waiting = event();
    const entry = { ...outboxEntry(waiting), createdAt: new Date(Date.now() - 5_000) };
    await collection.insertOne({ _id: waiting.orderId, outbox: [entry] });
    const store = embeddedOutbox(collection);
    watchOutbox(registry, store);

    expect(await seriesSum(registry, 'outbox_pending_events')).toBe(1);
    expect(await seriesSum(registry, 'outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(
      5,
    );

    const relay = startOutboxRelay({
      store,
      kafka,
      logger,
      pollIntervalMs: 50,
      topicNamespace: topics.namespace,
      metrics: kafkaMetrics(registry),
    });
    try {
      await relay.drain();
      expect(await seriesSum(registry, 'outbox_pending_events')).toBe(0);
      expect(await seriesSum(registry, 'outbox_oldest_pending_age_seconds')).toBe(0);
      expect(
        await seriesSum(registry, 'outbox_published_events_total', { topic: TOPICS.order }),
      ).toBe(1);
    } finally {
      await relay.stop();
    }
  });

  it('when a consumer group has not read a topic, then its lag is what the topic holds', async () => {
    const registry = new Registry();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topic = physicalTopic(topics.namespace, TOPICS.order);
      const ends = await admin.fetchTopicOffsets(topic);
      const held = ends.reduce((sum, { high }) => sum + Number(high), 0);
      const groupId = `never-read-${crypto.randomUUID()}`;
      watchConsumerLag(registry, admin, groupId, () => [topic]);

      expect(await seriesSum(registry, 'kafka_consumer_lag', { group: groupId })).toBe(held);
      await produce([event(), event()].map((e) => ({ key: e.orderId, value: JSON.stringify(e) })));
      expect(await seriesSum(registry, 'kafka_consumer_lag', { group: groupId })).toBe(held + 2);
    } finally {
      await admin.disconnect();
    }
  });
});
