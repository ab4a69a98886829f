import type { Topic } from '@shop/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { createKafka, kafkaReady } from './client.js';
import { type EventHandler, startEventConsumer } from './event-consumer.js';
import { type OutboxStore, startOutboxRelay } from './outbox-relay.js';

export interface ServiceKafkaConfig {
  brokers: string[];
  groupId: string;
  topicNamespace: string;
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
}: {
  config: ServiceKafkaConfig;
  clientId: string;
  logger: FastifyBaseLogger;
  /** Omitted by services that only consume. */
  outbox?: OutboxStore;
}) => {
  const kafka = createKafka({ clientId, brokers: config.brokers, logger });
  const admin = kafka.admin();
  await admin.connect();
  const relay = outbox
    ? startOutboxRelay({ store: outbox, kafka, logger, topicNamespace: config.topicNamespace })
    : undefined;
  return {
    /** Publish soon: pass to the domain, called right after a write with events. */
    wakeOutbox: () => relay?.wake(),
    ready: kafkaReady(admin),
    consume: async (topics: Topic[], handle: EventHandler) =>
      await startEventConsumer({
        kafka,
        logger,
        groupId: config.groupId,
        topicNamespace: config.topicNamespace,
        topics,
        handle,
      }),
    stop: async () => {
      await relay?.stop();
      await admin.disconnect();
    },
  };
};
