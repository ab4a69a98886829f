import { physicalTopic, type Topic } from '@shop/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import { createKafka, kafkaReady } from './client.js';
import { type EventHandler, startEventConsumer } from './event-consumer.js';
import { kafkaMetrics, watchConsumerLag, watchOutbox } from './metrics.js';
import { type OutboxStore, startOutboxRelay } from './outbox-relay.js';

export interface ServiceKafkaConfig {
  brokers: string[];
  groupId: string;
  topicNamespace: string;
  /** The relay's safety poll and the hinted stores' search (OUTBOX_SAFETY_POLL_MS). */
  outboxSafetyPollMs?: number;
  /** How long an idle consumer's fetch waits at the broker (KAFKA_CONSUMER_POLL_MS). */
  consumerPollMs?: number;
}

/**
 * A service's Kafka side in one place: the client, an admin connection for readiness, the outbox
 * relay over the service's store (for services that publish), and its saga consumer on demand.
 * `stop` closes what it opened.
 */
export const connectServiceKafka = async ({
  config,
  clientId,
  logger,
  outbox,
  registry,
}: {
  config: ServiceKafkaConfig;
  clientId: string;
  logger: FastifyBaseLogger;
  /** Omitted by services that only consume. */
  outbox?: OutboxStore;
  /** The service's registry: consumer lag, handler durations, DLQ counts, outbox backlog. */
  registry?: Registry;
}) => {
  const kafka = createKafka({ clientId, brokers: config.brokers, logger });
  const admin = kafka.admin();
  await admin.connect();
  const metrics = kafkaMetrics(registry);
  const consumed: string[] = [];
  if (registry) {
    watchConsumerLag(registry, admin, config.groupId, () => consumed);
    if (outbox) watchOutbox(registry, outbox);
  }
  const relay = outbox
    ? startOutboxRelay({
        store: outbox,
        kafka,
        logger,
        topicNamespace: config.topicNamespace,
        metrics,
        ...(config.outboxSafetyPollMs ? { pollIntervalMs: config.outboxSafetyPollMs } : {}),
      })
    : undefined;
  return {
    /** The client, for what else the service does with Kafka (e.g. its dead-letter desk). */
    kafka,
    /** The service's Kafka metrics, for a consumer it starts itself (another event kind). */
    metrics,
    /** Publish soon: pass to the domain, called right after a write with events. */
    wakeOutbox: () => relay?.wake(),
    ready: kafkaReady(admin),
    consume: async (topics: Topic[], handle: EventHandler) => {
      consumed.push(...topics.map((topic) => physicalTopic(config.topicNamespace, topic)));
      return await startEventConsumer({
        kafka,
        logger,
        groupId: config.groupId,
        topicNamespace: config.topicNamespace,
        topics,
        handle,
        metrics,
        ...(config.consumerPollMs ? { pollMs: config.consumerPollMs } : {}),
      });
    },
    stop: async () => {
      await relay?.stop();
      await admin.disconnect();
    },
  };
};
