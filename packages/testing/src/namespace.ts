import {
  ACCOUNT_EVENTS_TOPIC,
  ALL_TOPICS,
  DLQ_ACTIONS_TOPIC,
  dlqTopic,
  physicalTopic,
} from '@shop/contracts';
import { Kafka, logLevel } from 'kafkajs';

export interface TopicNamespace {
  namespace: string;
  /** The physical name of a logical topic (`order.events` → `t-1a2b3c4d.order.events`). */
  topic(logical: string): string;
  drop(): Promise<void>;
}

/**
 * A fresh set of saga topics and account.events (their dead-letter topics, and the record of what operators did
 * with dead letters) for one test suite. Services given
 * the namespace (KAFKA_TOPIC_NAMESPACE) talk only to each other, so suites running side by side
 * never consume each other's events.
 */
export const createTopicNamespace = async (brokers: string[]): Promise<TopicNamespace> => {
  const namespace = `t-${crypto.randomUUID().slice(0, 8)}`;
  // The saga's topics and account-service's (the emails it asks notification-service for).
  const consumed = [...ALL_TOPICS, ACCOUNT_EVENTS_TOPIC] as const;
  const sagaTopics = [...consumed, ...consumed.map(dlqTopic)].map((topic) =>
    physicalTopic(namespace, topic),
  );
  const actions = physicalTopic(namespace, DLQ_ACTIONS_TOPIC);
  const names = [...sagaTopics, actions];
  const admin = new Kafka({
    clientId: 'test-namespace',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        ...sagaTopics.map((topic) => ({ topic, numPartitions: 3 })),
        // Like infra/kafka-topics.txt: one compacted partition.
        {
          topic: actions,
          numPartitions: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
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
