import { ALL_TOPICS, dlqTopic, physicalTopic } from '@shop/contracts';
import { Kafka, logLevel } from 'kafkajs';

export interface TopicNamespace {
  namespace: string;
  /** The physical name of a logical topic (`order.events` → `t-1a2b3c4d.order.events`). */
  topic(logical: string): string;
  drop(): Promise<void>;
}

/**
 * A fresh set of saga topics (and their dead-letter topics) for one test suite. Services given
 * the namespace (KAFKA_TOPIC_NAMESPACE) talk only to each other, so suites running side by side
 * never consume each other's events.
 */
export const createTopicNamespace = async (brokers: string[]): Promise<TopicNamespace> => {
  const namespace = `t-${crypto.randomUUID().slice(0, 8)}`;
  const names = [...ALL_TOPICS, ...ALL_TOPICS.map(dlqTopic)].map((topic) =>
    physicalTopic(namespace, topic),
  );
  const admin = new Kafka({
    clientId: 'test-namespace',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: names.map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return {
    namespace,
    topic: (logical) => physicalTopic(namespace, logical),
    drop: async () => {
      const cleanup = new Kafka({
        clientId: 'test-namespace',
        brokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics: names }).catch(() => undefined);
      await cleanup.disconnect();
    },
  };
};
