import { EVENT_HEADERS, EVENT_TOPIC, physicalTopic, type ShopEvent } from '@shop/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kafka, Producer } from 'kafkajs';
import { type KafkaMetrics, kafkaMetrics } from './metrics.js';
import { OUTBOX_SAFETY_POLL_MS } from './polls.js';

/** An event waiting in a service's outbox, ready to be sent as one Kafka message. */
export interface OutboxMessage {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  /** Where the store keeps the row (e.g. the id of the document that embeds it). */
  ref?: unknown;
}

/** A store's outbox: what is still to publish (oldest first), and marking messages as sent. */
export interface OutboxStore {
  pending(limit: number): Promise<OutboxMessage[]>;
  markPublished(messages: OutboxMessage[]): Promise<void>;
  /** How many events wait and since when (for the outbox metrics). */
  backlog?(): Promise<{ pending: number; oldest: Date | null }>;
  /**
   * True when `pending` is one plain query: fewer than `limit` messages means nothing else was
   * pending when it ran, so the relay sleeps after publishing them instead of reading once more
   * to find nothing (a write after the read wakes it). Hint-based stores read only some places
   * per call and leave this unset.
   */
  exhaustiveReads?: boolean;
}

/**
 * The Kafka message of an event: key = orderId (per-order ordering), headers for tooling and
 * the `traceparent` of the work that wrote it (the consumers continue that trace).
 */
export const toOutboxMessage = (event: ShopEvent, traceparent?: string): OutboxMessage => ({
  id: event.eventId,
  topic: EVENT_TOPIC[event.type],
  key: event.orderId,
  value: JSON.stringify(event),
  headers: {
    [EVENT_HEADERS.type]: event.type,
    [EVENT_HEADERS.id]: event.eventId,
    ...(traceparent ? { [EVENT_HEADERS.traceparent]: traceparent } : {}),
  },
});

export interface OutboxRelayOptions {
  store: OutboxStore;
  kafka: Kafka;
  logger: FastifyBaseLogger;
  /**
   * The safety poll: how often to look for rows written while the relay was not woken (a crash,
   * another process). Every write with events wakes the relay, so this bounds only those.
   */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Longest wait between attempts while Kafka is unreachable. */
  maxBackoffMs?: number;
  sendTimeoutMs?: number;
  /** Topic namespace (see `physicalTopic`); empty in production. */
  topicNamespace?: string;
  metrics?: KafkaMetrics;
}

export interface OutboxRelay {
  /** Publish soon: call right after writing a state change with its events. */
  wake(): void;
  /** Resolves once the outbox is empty (tests and graceful shutdown). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const withTimeout = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Kafka did not acknowledge within ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Publishes outbox rows to Kafka, at least once and in the order they were written: right
 * after a write (`wake`) and by polling, so rows written during a Kafka outage or before a
 * crash are sent once Kafka answers. A batch is marked published only after Kafka acknowledged
 * it (acks=all); a failure keeps the rows, recreates the producer (kafkajs' idempotent producer
 * can wedge after a sequence error) and retries with exponential backoff.
 */
export const startOutboxRelay = ({
  store,
  kafka,
  logger,
  pollIntervalMs = OUTBOX_SAFETY_POLL_MS,
  batchSize = 200,
  maxBackoffMs = 10_000,
  sendTimeoutMs = 15_000,
  topicNamespace = '',
  metrics = kafkaMetrics(),
}: OutboxRelayOptions): OutboxRelay => {
  let producer: Producer | undefined;
  let running = true;
  let wakeUp: (() => void) | undefined;
  // Set by a wake that comes while a pass is reading: that read may have missed the new rows,
  // so the loop goes round again instead of sleeping through them for `pollIntervalMs`.
  let wokenDuringPass = false;
  let idleWaiters: (() => void)[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const connectedProducer = async () => {
    if (!producer) {
      // Retries are unbounded as the idempotent producer requires; a send that outlasts
      // `sendTimeoutMs` is abandoned with its producer instead.
      const fresh = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
      });
      await fresh.connect();
      producer = fresh;
    }
    return producer;
  };

  const dropProducer = async () => {
    const stale = producer;
    producer = undefined;
    await stale?.disconnect().catch(() => undefined);
  };

  const publish = async (batch: OutboxMessage[]) => {
    const byTopic = new Map<string, OutboxMessage[]>();
    for (const message of batch)
      byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    const active = await connectedProducer();
    await withTimeout(
      active.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic: physicalTopic(topicNamespace, topic),
          messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      }),
      sendTimeoutMs,
    );
    await store.markPublished(batch);
    for (const [topic, messages] of byTopic) metrics.published.inc({ topic }, messages.length);
  };

  /** Publishes one batch; false when nothing more is known to wait. */
  const pass = async () => {
    wokenDuringPass = false;
    const batch = await store.pending(batchSize);
    if (batch.length === 0) return false;
    await publish(batch);
    return !(store.exhaustiveReads && batch.length < batchSize);
  };

  const loop = async () => {
    let backoff = 200;
    while (running) {
      try {
        const more = await pass();
        backoff = 200;
        if (!more && !wokenDuringPass) {
          for (const resolve of idleWaiters.splice(0)) resolve();
          await sleep(pollIntervalMs);
        }
      } catch (error) {
        logger.warn(
          { err: error, retryInMs: backoff },
          'outbox relay could not publish; will retry',
        );
        await dropProducer();
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  };
  const finished = loop();

  return {
    wake: () => {
      wokenDuringPass = true;
      wakeUp?.();
    },
    drain: async (timeoutMs = 30_000) => {
      const idle = new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
      });
      wakeUp?.();
      await withTimeout(idle, timeoutMs);
    },
    stop: async () => {
      running = false;
      wakeUp?.();
      await finished;
      idleWaiters = [];
      await dropProducer();
    },
  };
};
