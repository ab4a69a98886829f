import { Writable } from 'node:stream';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createEvent, TOPICS } from '@shop/contracts';
import { createTopicNamespace, eventually, type TopicNamespace, tapKafka } from '@shop/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, inSpan, type Stoppable, startTracing } from '../src/index.js';
import { createKafka, startEventConsumer, startOutboxRelay } from '../src/kafka/index.js';
import { embeddedOutbox, outboxEntry, type WithOutbox } from '../src/mongo/index.js';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const quiet = createLogger({ service: 'platform-test', level: 'silent' });
const kafka = createKafka({ clientId: 'platform-test', brokers, logger: quiet });
const exporter = new InMemorySpanExporter();
const dbName = `platform_trace_${crypto.randomUUID().slice(0, 8)}`;

let tracing: Stoppable;
let mongo: MongoClient;
let topics: TopicNamespace;
beforeAll(async () => {
  tracing = startTracing('platform-test', {}, [new SimpleSpanProcessor(exporter)]);
  mongo = new MongoClient(process.env.MONGO_URL ?? '');
  await mongo.connect();
  topics = await createTopicNamespace(brokers);
});
afterAll(async () => {
  await mongo.db(dbName).dropDatabase();
  await mongo.close();
  await topics.drop();
  await tracing.stop();
});

const captureLogs = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'platform-test', level: 'info' }, stream) };
};

describe('trace context through the outbox and Kafka', () => {
  it('when an event is written to an outbox inside a span, then it is published with that traceparent and handled in a child span of it', async () => {
    const collection = mongo.db(dbName).collection<WithOutbox & { _id: string }>('aggregates');
    const orderId = crypto.randomUUID();
    const event = createEvent('OrderCompleted', {
      orderId,
      source: 'order-service',
      data: { userId: crypto.randomUUID() },
    });
    const { lines, logger } = captureLogs();
    const handled: { traceId: string | undefined }[] = [];
    const tap = await tapKafka(brokers, [topics.topic(TOPICS.order)]);
    const consumer = await startEventConsumer({
      kafka,
      logger: quiet,
      groupId: `platform-trace-${crypto.randomUUID()}`,
      topics: [TOPICS.order],
      topicNamespace: topics.namespace,
      fromBeginning: false,
      // Ready, and stopped, without waiting a whole idle poll (CONSUMER_POLL_MS).
      pollMs: 200,
      handle: async (received) => {
        if (received.orderId !== orderId) return;
        handled.push({ traceId: trace.getActiveSpan()?.spanContext().traceId });
        logger.info('handled');
      },
    });
    const relay = startOutboxRelay({
      // Written below without a hint, as another process would: found by the store's search.
      store: embeddedOutbox(collection, { sweepIntervalMs: 50 }),
      kafka,
      logger: quiet,
      pollIntervalMs: 50,
      topicNamespace: topics.namespace,
    });
    try {
      await consumer.ready;
      // The state change of a request: its events take the active span's traceparent.
      const writer = await inSpan('POST /orders', { kind: SpanKind.SERVER }, async (span) => {
        await collection.insertOne({ _id: orderId, outbox: [outboxEntry(event)] });
        return span.spanContext();
      });

      const [published] = await tap.waitFor((message) => message.key === orderId);
      expect(published?.headers.traceparent).toBe(`00-${writer.traceId}-${writer.spanId}-01`);
      await eventually(() => handled.length === 1);
      expect(handled[0]?.traceId).toBe(writer.traceId);

      const processing = await eventually(() =>
        exporter.getFinishedSpans().find((span) => span.name === 'process OrderCompleted'),
      );
      expect(processing.kind).toBe(SpanKind.CONSUMER);
      expect(processing.parentSpanContext?.spanId).toBe(writer.spanId);
      expect(processing.spanContext().traceId).toBe(writer.traceId);
      expect(processing.attributes).toMatchObject({
        'order.id': orderId,
        'messaging.message.id': event.eventId,
        'shop.handler.outcome': 'ok',
      });
      expect(lines.find((line) => line.msg === 'handled')).toMatchObject({
        orderId,
        traceId: writer.traceId,
        spanId: processing.spanContext().spanId,
      });
    } finally {
      await relay.stop();
      await consumer.stop();
      await tap.close();
    }
  });
});
