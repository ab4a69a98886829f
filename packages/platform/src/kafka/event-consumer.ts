import {
  type ConsumedTopic,
  dlqTopic,
  EVENT_HEADERS,
  physicalTopic,
  type ShopEvent,
  safeParseEvent,
} from '@shop/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DomainError } from '../errors.js';
import { isTransientError } from '../failures.js';
import { recordError } from '../tracing.js';
import { inConsumerSpan } from './consumer-tracing.js';
import { type HandlerOutcome, type KafkaMetrics, kafkaMetrics } from './metrics.js';
import { batchedOffsetCommits } from './offset-commits.js';
import { CONSUMER_POLL_MS } from './polls.js';

export interface EventContext {
  topic: ConsumedTopic;
  partition: number;
  offset: string;
  /** 1 on first delivery to the handler, then 2, 3, ... while retrying. */
  attempt: number;
  traceparent: string | undefined;
}

/** What the consumer needs of an event: saga events name an order, account events an account. */
export interface ConsumableEvent {
  eventId: string;
  type: string;
  orderId?: string;
  accountId?: string;
}

/** Handles one valid event; must be idempotent (delivery is at least once). */
export type EventHandler<E extends ConsumableEvent = ShopEvent> = (
  event: E,
  context: EventContext,
) => Promise<void>;

/** Validates a message's JSON value read from `topic`, as zod's safeParse answers. */
export type EventParser<E> = (
  topic: ConsumedTopic,
  value: unknown,
) => { success: true; data: E } | { success: false; error: { issues: ZodIssueLike[] } };

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
}

export interface EventConsumerOptions<E extends ConsumableEvent = ShopEvent> {
  kafka: Kafka;
  groupId: string;
  topics: ConsumedTopic[];
  handle: EventHandler<E>;
  /** How a message becomes an event; by default a saga event of the topic (`safeParseEvent`). */
  parse?: EventParser<E>;
  logger: FastifyBaseLogger;
  /**
   * Attempts before an unexplained handler failure (a bug, not the world) goes to `<topic>.dlq`.
   * Failures about the world are retried until they succeed, however long that takes.
   */
  maxAttempts?: number;
  initialBackoffMs?: number;
  /** Longest pause of a partition between two tries of a transient failure. */
  maxBackoffMs?: number;
  /** Which failures are about the world (default: `isTransientError`). */
  isTransient?: (error: unknown) => boolean;
  /**
   * Where a group without committed offsets starts: the oldest message (the default) or the
   * newest. Services read from the oldest, so an event written before their first start counts.
   */
  fromBeginning?: boolean;
  /** How long a fetch waits at the broker when there is nothing to read (CONSUMER_POLL_MS). */
  pollMs?: number;
  /** Topic namespace (see `physicalTopic`); empty in production. */
  topicNamespace?: string;
  metrics?: KafkaMetrics;
}

export interface EventConsumer {
  /**
   * Resolves once nothing produced from then on can be missed: once the consumer has joined its
   * group when it reads from the oldest message (its partitions start at a committed offset or
   * at the oldest, both before anything written later), or after its first fetch when it reads
   * from the newest (the end is fixed only when its offsets are resolved, for that fetch).
   */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

/** How long a handled offset may wait to be committed (offset-commits.ts says why). */
const COMMIT_INTERVAL_MS = 1_000;

/** The saga topics have 3 partitions (infra/kafka-topics.txt). */
const PARTITIONS_IN_PARALLEL = 3;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Capped exponential backoff with ±20 % jitter, so replicas do not retry in step. */
const backoff = (attempt: number, initialMs: number, maxMs: number) =>
  Math.round(
    Math.min(initialMs * 2 ** Math.max(0, attempt - 1), maxMs) * (0.8 + Math.random() * 0.4),
  );

const parseSagaEvent: EventParser<ShopEvent> = (topic, value) =>
  topic === 'account.events'
    ? { success: false, error: { issues: [{ path: [], message: 'not a saga topic' }] } }
    : safeParseEvent(topic, value);

const parseMessage = <E>(parse: EventParser<E>, topic: ConsumedTopic, message: KafkaMessage) => {
  try {
    const result = parse(topic, JSON.parse(message.value?.toString() ?? ''));
    if (result.success) return { event: result.data };
    return {
      invalid: result.error.issues
        .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
        .join('; '),
    };
  } catch {
    return { invalid: 'value is not JSON' };
  }
};

/** A refusal the domain will give every time (a 4xx DomainError): retrying cannot help. */
const isRefusal = (error: unknown) =>
  error instanceof DomainError && error.status >= 400 && error.status < 500 && error.status !== 429;

/** What became of one delivery of a message. */
type Delivery = HandlerOutcome | 'later';

/** Where a partition stands with the message it keeps failing on (a transient failure). */
interface Retrying {
  offset: string;
  attempt: number;
  firstTriedAt: number;
}

/**
 * Consumes saga events in a consumer group. Offsets are committed only after the handler's
 * effect is stored (at most once a second: offset-commits.ts), so a crash re-delivers rather
 * than loses.
 *
 * What a failure leads to depends on what it is about:
 * - **the world** (a store or peer unreachable, a timeout, a busy lock: `isTransientError`): the
 *   partition is paused and the same message tried again after a capped exponential backoff,
 *   for as long as it takes. Only that partition waits (its later events may depend on this
 *   one); the others go on, and the consumer keeps heartbeating, so the group stays stable.
 * - **the event** (not valid, an unknown type, a refusal the domain will always give): copied to
 *   `<topic>.dlq` at once with the reason in its headers, and skipped.
 * - **neither** (a bug): a few quick attempts, then the dead-letter topic, where it waits for an
 *   operator to replay it once the handler is fixed (`make dlq`).
 *
 * Each event is handled in a span continuing the trace it was written in (consumer-tracing.ts).
 */
export const startEventConsumer = async <E extends ConsumableEvent = ShopEvent>({
  kafka,
  groupId,
  topics,
  handle,
  parse = parseSagaEvent as unknown as EventParser<E>,
  logger,
  maxAttempts = 5,
  initialBackoffMs = 200,
  maxBackoffMs = 10_000,
  isTransient = isTransientError,
  fromBeginning = true,
  pollMs = CONSUMER_POLL_MS,
  topicNamespace = '',
  metrics = kafkaMetrics(),
}: EventConsumerOptions<E>): Promise<EventConsumer> => {
  const physical = new Map(topics.map((topic) => [physicalTopic(topicNamespace, topic), topic]));
  // Series exist from the start at 0: the first dead letter after a restart shows in rate().
  for (const topic of topics)
    for (const reason of ['invalid', 'refused', 'handler-failed'])
      metrics.deadLetters.inc({ topic, reason }, 0);
  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: pollMs,
  });
  // Not idempotent: a dead letter sent twice is harmless, and bounded retries never hang.
  const dlqProducer: Producer = kafka.producer();
  await dlqProducer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [...physical.keys()], fromBeginning });
  const ready = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // Waiting for a fetch would wait a whole poll on a quiet topic.
      if (fromBeginning) return resolve();
      // Once: a rebalance joins again, and a listener per join would pile up.
      const stopListening = consumer.on(consumer.events.FETCH, () => {
        stopListening();
        resolve();
      });
    });
  });
  const retrying = new Map<string, Retrying>();
  const resumeTimers = new Set<NodeJS.Timeout>();
  const commits = batchedOffsetCommits(consumer, COMMIT_INTERVAL_MS, logger);
  consumer.on(consumer.events.GROUP_JOIN, () => commits.forget());

  const deadLetter = async (
    topic: ConsumedTopic,
    partition: number,
    message: KafkaMessage,
    reason: 'invalid' | 'refused' | 'handler-failed',
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
            'dlq-at': new Date().toISOString(),
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

  /** Remembers a transient failure of the partition's current message; returns 'later'. */
  const failedTransiently = (key: string, offset: string, attempt: number): 'later' => {
    const earlier = retrying.get(key);
    retrying.set(key, {
      offset,
      attempt,
      firstTriedAt: earlier?.offset === offset ? earlier.firstTriedAt : Date.now(),
    });
    return 'later';
  };

  /** What a failed try leads to: wait for the world, the dead-letter topic, or another try. */
  const afterFailure = async (
    error: unknown,
    tries: number,
    message: KafkaMessage,
    where: {
      topic: ConsumedTopic;
      partition: number;
      key: string;
      attempt: number;
      eventId: string;
    },
  ): Promise<Delivery | 'again'> => {
    recordError(error);
    const context = { ...where, offset: message.offset };
    if (isTransient(error)) {
      // A busy hold or a blip is routine; a failure that keeps coming back is worth a warning.
      const level = where.attempt >= 3 ? 'warn' : 'info';
      logger[level]({ ...context, err: error }, 'event handler failed transiently; retrying later');
      return failedTransiently(where.key, message.offset, where.attempt);
    }
    if (!isRefusal(error) && tries < maxAttempts) {
      logger.warn({ ...context, err: error }, 'event handler failed; retrying');
      return 'again';
    }
    retrying.delete(where.key);
    const reason = isRefusal(error) ? 'refused' : 'handler-failed';
    await deadLetter(where.topic, where.partition, message, reason, messageOf(error));
    return 'dead_lettered';
  };

  /**
   * Runs the handler once, or a few times for an unexplained failure. 'later' means a transient
   * failure: the caller pauses the partition and the message comes again.
   */
  const handleOnce = async (
    event: E,
    message: KafkaMessage,
    where: { topic: ConsumedTopic; partition: number; key: string },
    heartbeat: () => Promise<void>,
  ): Promise<Delivery> => {
    const traceparent = header(message, EVENT_HEADERS.traceparent);
    const earlier = retrying.get(where.key);
    const firstAttempt = earlier?.offset === message.offset ? earlier.attempt + 1 : 1;
    for (let attempt = firstAttempt; ; attempt += 1) {
      try {
        await handle(event, { ...where, offset: message.offset, attempt, traceparent });
        retrying.delete(where.key);
        return attempt === 1 ? 'ok' : 'retried';
      } catch (error) {
        const tries = attempt - firstAttempt + 1;
        const next = await afterFailure(error, tries, message, {
          ...where,
          attempt,
          eventId: event.eventId,
        });
        if (next !== 'again') return next;
        await heartbeat();
        await sleep(backoff(tries, initialBackoffMs, maxBackoffMs));
      }
    }
  };

  const deliver = async (
    rawTopic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Delivery> => {
    const topic = physical.get(rawTopic) as ConsumedTopic;
    const parsed = parseMessage(parse, topic, message);
    if ('invalid' in parsed) {
      await deadLetter(topic, partition, message, 'invalid', parsed.invalid ?? 'invalid event');
      return 'dead_lettered';
    }
    const { event } = parsed;
    const key = `${rawTopic}:${partition}`;
    const startedAt = retrying.get(key)?.firstTriedAt ?? Date.now();
    const outcome = await inConsumerSpan({ event, message, rawTopic, partition, groupId }, () =>
      handleOnce(event, message, { topic, partition, key }, heartbeat),
    );
    if (outcome !== 'later')
      metrics.handled.observe(
        { topic, type: event.type, outcome },
        (Date.now() - startedAt) / 1000,
      );
    return outcome;
  };

  /** Pauses one partition and resumes it after the backoff of its current message. */
  const retryLater = (rawTopic: string, partition: number, pause: () => () => void) => {
    const attempt = retrying.get(`${rawTopic}:${partition}`)?.attempt ?? 1;
    const resume = pause();
    const timer = setTimeout(
      () => {
        resumeTimers.delete(timer);
        resume();
      },
      backoff(attempt, initialBackoffMs, maxBackoffMs),
    );
    resumeTimers.add(timer);
  };

  await consumer.run({
    // Offsets are resolved one by one after each effect is stored (so the partition's next
    // fetch starts after them) and committed in the background at most once a second: nothing
    // committed before its effect. kafkajs's own commit would follow every batch.
    autoCommit: false,
    eachBatchAutoResolve: false,
    // Partitions are handled side by side (each still in order, and one order's events share a
    // partition): one slow or paused partition does not hold up the orders of the others.
    partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
    eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) return;
        const delivery = await deliver(batch.topic, batch.partition, message, heartbeat);
        // Unresolved, the message is where this partition's next fetch starts.
        if (delivery === 'later') return retryLater(batch.topic, batch.partition, pause);
        resolveOffset(message.offset);
        commits.handled(batch.topic, batch.partition, message.offset);
        await heartbeat();
      }
    },
  });

  return {
    ready,
    stop: async () => {
      for (const timer of resumeTimers) clearTimeout(timer);
      await commits.flush();
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
};
