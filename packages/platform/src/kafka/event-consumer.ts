import {
  dlqTopic,
  EVENT_HEADERS,
  physicalTopic,
  type ShopEvent,
  safeParseEvent,
  type Topic,
} from '@shop/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { recordError } from '../tracing.js';
import { inConsumerSpan } from './consumer-tracing.js';
import { type HandlerOutcome, type KafkaMetrics, kafkaMetrics } from './metrics.js';

export interface EventContext {
  topic: Topic;
  partition: number;
  offset: string;
  /** 1 on first delivery to the handler, then 2, 3, ... while retrying. */
  attempt: number;
  traceparent: string | undefined;
}

/** Handles one valid event; must be idempotent (delivery is at least once). */
export type EventHandler = (event: ShopEvent, context: EventContext) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: Topic[];
  handle: EventHandler;
  logger: FastifyBaseLogger;
  /** Attempts before a failing event goes to `<topic>.dlq`. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  fromBeginning?: boolean;
  /** Topic namespace (see `physicalTopic`); empty in production. */
  topicNamespace?: string;
  metrics?: KafkaMetrics;
}

export interface EventConsumer {
  /**
   * Resolves once the consumer has joined its group and completed a first fetch: from then on
   * its starting offsets are fixed and nothing produced later can be missed.
   */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

/** The saga topics have 3 partitions (infra/kafka-topics.txt). */
const PARTITIONS_IN_PARALLEL = 3;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const parse = (topic: Topic, message: KafkaMessage) => {
  try {
    const result = safeParseEvent(topic, JSON.parse(message.value?.toString() ?? ''));
    if (result.success) return { event: result.data };
    return {
      invalid: result.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; '),
    };
  } catch {
    return { invalid: 'value is not JSON' };
  }
};

/**
 * Consumes saga events in a consumer group. Offsets are committed only after the handler's
 * effect is stored (once per fetched batch), so a crash re-delivers rather than loses. A message
 * that fails validation, or whose handler keeps failing after bounded retries with exponential
 * backoff, is copied to `<topic>.dlq` with the reason in its headers and skipped, so it never
 * blocks what follows. Heartbeats go out between attempts, so retries do not make the group
 * rebalance. Each event is handled in a span continuing the trace it was written in
 * (consumer-tracing.ts).
 */
export const startEventConsumer = async ({
  kafka,
  groupId,
  topics,
  handle,
  logger,
  maxAttempts = 5,
  initialBackoffMs = 200,
  maxBackoffMs = 5_000,
  fromBeginning = true,
  topicNamespace = '',
  metrics = kafkaMetrics(),
}: EventConsumerOptions): Promise<EventConsumer> => {
  const physical = new Map(topics.map((topic) => [physicalTopic(topicNamespace, topic), topic]));
  // Series exist from the start at 0: the first dead letter after a restart shows in rate().
  for (const topic of topics)
    for (const reason of ['invalid', 'handler-failed'])
      metrics.deadLetters.inc({ topic, reason }, 0);
  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 500,
  });
  // Not idempotent: a dead letter sent twice is harmless, and bounded retries never hang.
  const dlqProducer: Producer = kafka.producer();
  await dlqProducer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [...physical.keys()], fromBeginning });
  const ready = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      consumer.on(consumer.events.FETCH, () => resolve());
    });
  });

  const deadLetter = async (
    topic: Topic,
    partition: number,
    message: KafkaMessage,
    reason: string,
    error: string,
  ) => {
    await dlqProducer.send({
      topic: physicalTopic(topicNamespace, dlqTopic(topic)),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-reason': reason,
            'dlq-error': error.slice(0, 1_000),
            'dlq-original-topic': physicalTopic(topicNamespace, topic),
            'dlq-original-partition': String(partition),
            'dlq-original-offset': message.offset,
            'dlq-consumer-group': groupId,
          },
        },
      ],
    });
    metrics.deadLetters.inc({ topic, reason });
    logger.error(
      { topic, partition, offset: message.offset, reason, error },
      'event dead-lettered',
    );
  };

  /** Runs the handler until it succeeds or the attempts are spent (then dead-letters). */
  const handleWithRetries = async (
    event: ShopEvent,
    message: KafkaMessage,
    where: { topic: Topic; partition: number },
    heartbeat: () => Promise<void>,
  ): Promise<HandlerOutcome> => {
    const traceparent = header(message, EVENT_HEADERS.traceparent);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handle(event, { ...where, offset: message.offset, attempt, traceparent });
        return attempt === 1 ? 'ok' : 'retried';
      } catch (error) {
        recordError(error);
        if (attempt >= maxAttempts) {
          await deadLetter(
            where.topic,
            where.partition,
            message,
            'handler-failed',
            messageOf(error),
          );
          return 'dead_lettered';
        }
        logger.warn(
          { ...where, offset: message.offset, eventId: event.eventId, attempt, err: error },
          'event handler failed; retrying',
        );
        await heartbeat();
        await sleep(Math.min(initialBackoffMs * 2 ** (attempt - 1), maxBackoffMs));
      }
    }
  };

  await consumer.run({
    // kafkajs resolves a message's offset only once eachMessage returned, and commits the
    // resolved offsets after each fetched batch: still nothing committed before its effect is
    // stored, but one commit per batch rather than a broker round trip per message.
    autoCommit: true,
    // Partitions are handled side by side (each still in order, and one order's events share a
    // partition): one slow handler no longer holds up the orders of the other partitions.
    partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
    eachMessage: async ({ topic: rawTopic, partition, message, heartbeat }) => {
      const topic = physical.get(rawTopic) as Topic;
      const parsed = parse(topic, message);
      if ('invalid' in parsed) {
        await deadLetter(topic, partition, message, 'invalid', parsed.invalid ?? 'invalid event');
      } else {
        const timer = metrics.handled.startTimer({ topic, type: parsed.event.type });
        const { event } = parsed;
        const outcome = await inConsumerSpan({ event, message, rawTopic, partition, groupId }, () =>
          handleWithRetries(event, message, { topic, partition }, heartbeat),
        );
        timer({ outcome });
      }
    },
  });

  return {
    ready,
    stop: async () => {
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
};
