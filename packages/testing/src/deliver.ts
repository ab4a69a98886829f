import { EVENT_TOPIC, physicalTopic, type ShopEvent } from '@shop/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { eventually } from './eventually.js';

/**
 * Publishes events on their topics in `namespace` (key = orderId, like the services do) and
 * resolves once every consumer group in `groupId` has committed past every one of them, i.e.
 * has handled them.
 */
export const deliverEvents = async (
  brokers: string[],
  groupId: string | string[],
  events: ShopEvent[],
  namespace = '',
) => {
  const groups = Array.isArray(groupId) ? groupId : [groupId];
  const kafka = new Kafka({ clientId: 'test-deliver', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  try {
    const sent: { topic: string; partition: number; offset: number }[] = [];
    for (const event of events) {
      const topic = physicalTopic(namespace, EVENT_TOPIC[event.type]);
      const [metadata] = await producer.send({
        topic,
        messages: [
          {
            key: event.orderId,
            value: JSON.stringify(event),
            headers: { 'event-type': event.type, 'event-id': event.eventId },
          },
        ],
      });
      sent.push({
        topic,
        partition: metadata?.partition ?? 0,
        offset: Number(metadata?.baseOffset ?? 0),
      });
    }
    await eventually(
      async () => {
        for (const group of groups) {
          for (const { topic, partition, offset } of sent) {
            const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
            const committed = Number(
              offsets?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1,
            );
            if (committed <= offset) return false;
          }
        }
        return true;
      },
      { what: `consumer group(s) ${groups.join(', ')} to handle ${events.length} event(s)` },
    );
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  }
};

/**
 * Resolves once consumer group `groupId` has handled every message now on `topics` (its
 * committed offsets reach the end of each partition): "nothing happened" can then be asserted
 * without a fixed sleep.
 */
export const caughtUp = async (
  brokers: string[],
  groupId: string,
  topics: string[],
  namespace = '',
) => {
  const kafka = new Kafka({ clientId: 'test-caught-up', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const physical = topics.map((topic) => physicalTopic(namespace, topic));
    const ends = await Promise.all(
      physical.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
    );
    await eventually(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics: physical });
        return ends.every(({ topic, partitions }) =>
          partitions.every(({ partition, high }) => {
            const entry = committed
              .find((offsets) => offsets.topic === topic)
              ?.partitions.find((offsets) => offsets.partition === partition);
            return Number(high) === 0 || Number(entry?.offset ?? -1) >= Number(high);
          }),
        );
      },
      { what: `consumer group ${groupId} to catch up on ${topics.join(', ')}` },
    );
  } finally {
    await admin.disconnect();
  }
};
