import type { Admin } from 'kafkajs';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxStore } from './outbox-relay.js';

/** How a consumed event ended: first try, after retries, or in the dead-letter topic. */
export type HandlerOutcome = 'ok' | 'retried' | 'dead_lettered';

/** What the consumer and the relay count, on the service's registry (or a private one). */
export const kafkaMetrics = (registry: Registry = new Registry()) => {
  const registers = [registry];
  return {
    handled: new Histogram({
      name: 'kafka_event_handler_duration_seconds',
      help: 'Time from the first delivery of an event to its outcome, retries included',
      labelNames: ['topic', 'type', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    }),
    deadLetters: new Counter({
      name: 'kafka_dead_letters_total',
      help: 'Messages copied to a dead-letter topic, by the topic they came from and why',
      labelNames: ['topic', 'reason'] as const,
      registers,
    }),
    published: new Counter({
      name: 'outbox_published_events_total',
      help: 'Outbox events Kafka acknowledged',
      labelNames: ['topic'] as const,
      registers,
    }),
  };
};

export type KafkaMetrics = ReturnType<typeof kafkaMetrics>;

/** A scrape must answer fast even when a store or Kafka hangs: give up after this long. */
const COLLECT_TIMEOUT_MS = 1_500;

const within = async <T>(work: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('metric source too slow')), COLLECT_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * `kafka_consumer_lag`: per partition, how far the group's committed offset is behind the end of
 * the topic, read from the broker when Prometheus scrapes. If the broker does not answer within
 * 1.5 s, the last values stay (a scrape must not fail or stall because Kafka is down).
 */
export const watchConsumerLag = (
  registry: Registry,
  admin: Admin,
  groupId: string,
  topics: () => string[],
) =>
  new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Messages of a partition the consumer group has not handled yet',
    labelNames: ['topic', 'partition', 'group'] as const,
    registers: [registry],
    async collect() {
      try {
        for (const topic of topics()) {
          const [ends, [committed]] = await within(
            Promise.all([
              admin.fetchTopicOffsets(topic),
              admin.fetchOffsets({ groupId, topics: [topic] }),
            ]),
          );
          for (const { partition, high } of ends) {
            const done = committed?.partitions.find((entry) => entry.partition === partition);
            const position = Math.max(Number(done?.offset ?? -1), 0);
            const labels = { topic, partition: String(partition), group: groupId };
            this.set(labels, Math.max(Number(high) - position, 0));
          }
        }
      } catch {
        // keep the last values
      }
    },
  });

/**
 * `outbox_pending_events` and `outbox_oldest_pending_age_seconds`, read from the store when
 * scraped: a backlog that grows, or an age beyond seconds while Kafka is up, is an alert.
 */
export const watchOutbox = (registry: Registry, store: OutboxStore) => {
  const backlog = store.backlog;
  if (!backlog) return;
  let reading: Promise<{ pending: number; oldest: Date | null }> | null = null;
  // Both gauges are collected in one scrape: one query serves both. A failed or slow read
  // leaves the last values.
  const read = async () => {
    reading ??= within(backlog()).finally(() => {
      reading = null;
    });
    return await reading;
  };
  new Gauge({
    name: 'outbox_pending_events',
    help: 'Outbox events written but not yet acknowledged by Kafka',
    registers: [registry],
    async collect() {
      const last = await read().catch(() => null);
      if (last) this.set(last.pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outbox event not yet acknowledged by Kafka (0 when none)',
    registers: [registry],
    async collect() {
      const last = await read().catch(() => null);
      if (last)
        this.set(last.oldest ? Math.max(0, (Date.now() - last.oldest.getTime()) / 1000) : 0);
    },
  });
};
