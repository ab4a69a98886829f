import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setting, uniqueName } from './env.js';

const SAGA_TOPICS = ['order.events', 'payment.events', 'inventory.events'];

describe('Kafka through kafkajs', () => {
  const kafka = new Kafka({
    clientId: 'engine-proof',
    brokers: setting('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = uniqueName('engine-proof').replaceAll('_', '-');

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('when infra is up, then every saga topic and its dead-letter topic has 3 partitions', async () => {
    const wanted = [...SAGA_TOPICS, ...SAGA_TOPICS.map((name) => `${name}.dlq`)];
    const { topics } = await admin.fetchTopicMetadata({ topics: wanted });
    expect(topics.map((meta) => [meta.name, meta.partitions.length]).sort()).toEqual(
      wanted.map((name) => [name, 3]).sort(),
    );
  });

  it('when a message is produced with a key and headers, then a group consumer receives all three', async () => {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    const orderId = crypto.randomUUID();
    const value = JSON.stringify({ type: 'EngineProof', orderId });
    try {
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: orderId, value, headers: { 'event-type': 'EngineProof', 'event-id': orderId } },
        ],
      });

      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const received = await new Promise<{
        key: string;
        value: string;
        headers: Record<string, string>;
      }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 20 s')), 20_000);
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            clearTimeout(timer);
            await consumer.commitOffsets([
              { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
            ]);
            resolve({
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, header]) => [
                  name,
                  String(header),
                ]),
              ),
            });
          },
        });
      });

      expect(received).toEqual({
        key: orderId,
        value,
        headers: { 'event-type': 'EngineProof', 'event-id': orderId },
      });
      const offsets = await admin.fetchOffsets({ groupId: `${topic}-group`, topics: [topic] });
      const committed = offsets[0]?.partitions.map((partition) => Number(partition.offset)) ?? [];
      expect(Math.max(...committed)).toBe(1);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });
});
