import { Kafka, logLevel } from 'kafkajs';
import { eventually } from './eventually.js';

export interface TappedMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  /** The parsed JSON value, or undefined when the value is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface KafkaTap {
  messages: TappedMessage[];
  /** Waits for `count` messages matching `match` and returns them. */
  waitFor(
    match: (message: TappedMessage) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<TappedMessage[]>;
  close(): Promise<void>;
}

const parseJson = (value: string) => {
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/**
 * Records every message that reaches `topics` from now on (its own consumer group, starting
 * at the end, or at the beginning with `fromBeginning`), so a test can assert exactly what a
 * service published.
 */
export const tapKafka = async (
  brokers: string[],
  topics: string[],
  { fromBeginning = false } = {},
): Promise<KafkaTap> => {
  const kafka = new Kafka({ clientId: 'test-tap', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: `test-tap-${crypto.randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const messages: TappedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning });
  // Ready once a first fetch has completed after joining: the starting offsets are then fixed,
  // so nothing produced afterwards can be skipped.
  const ready = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      consumer.on(consumer.events.FETCH, () => resolve());
    });
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const value = message.value?.toString() ?? '';
      messages.push({
        topic,
        key: message.key?.toString() ?? '',
        value,
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, header]) => [name, String(header)]),
        ),
        json: parseJson(value),
      });
    },
  });
  await ready;
  return {
    messages,
    waitFor: async (match, count = 1, timeoutMs = 20_000) =>
      await eventually(
        () => {
          const found = messages.filter(match);
          return found.length >= count ? found : undefined;
        },
        { timeoutMs, what: `${count} matching Kafka message(s)` },
      ),
    close: async () => await consumer.disconnect(),
  };
};
