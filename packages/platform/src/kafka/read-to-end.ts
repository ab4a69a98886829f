import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

export interface ReadMessage {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface ReadToEndOptions {
  /** Gives up (and throws) when the end is not reached in this time. */
  timeoutMs?: number;
}

/** Per partition of each topic, the offset of the last message that existed when reading began. */
type Targets = Map<string, Map<number, bigint>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * kafkajs gives up at once on some retriable answers (e.g. "not the leader" while a new topic's
 * leadership settles): a few more tries before the caller hears of it.
 */
const offsetsOf = async (admin: Admin, topic: string, tries = 6) => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true || attempt >= tries) throw error;
      await sleep(100 * 2 ** attempt);
    }
  }
};

/** Where each partition ends now; a topic that does not exist reads as empty. */
const endsOf = async (admin: Admin, topics: string[]): Promise<Targets> => {
  const targets: Targets = new Map();
  const existing = new Set(await admin.listTopics());
  for (const topic of topics.filter((name) => existing.has(name))) {
    const partitions = new Map<number, bigint>();
    for (const { partition, high, low } of await offsetsOf(admin, topic)) {
      if (BigInt(high) > BigInt(low)) partitions.set(partition, BigInt(high) - 1n);
    }
    if (partitions.size > 0) targets.set(topic, partitions);
  }
  return targets;
};

/** Reads every message of `targets` as the only member of group `groupId`. */
const consume = async (kafka: Kafka, groupId: string, targets: Targets, timeoutMs: number) => {
  const read: ReadMessage[] = [];
  const nextOffset = new Map<string, bigint>();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, sessionTimeout: 10_000 });
  const left = new Map([...targets].map(([topic, ends]) => [topic, new Map(ends)]));
  const remaining = () => [...left.values()].reduce((sum, ends) => sum + ends.size, 0);
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...targets.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = left.get(batch.topic)?.get(batch.partition);
        if (end === undefined) return;
        const where = `${batch.topic}:${batch.partition}`;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset > end) break;
          // A rebalance mid-read hands the partition back from its start (nothing is committed):
          // what was read already is not read twice.
          if (offset < (nextOffset.get(where) ?? 0n)) continue;
          read.push({ topic: batch.topic, partition: batch.partition, message });
          nextOffset.set(where, offset + 1n);
        }
        if (BigInt(batch.lastOffset()) >= end) left.get(batch.topic)?.delete(batch.partition);
        if (remaining() === 0) finished();
      },
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`reading ${[...targets.keys()].join(', ')} took over ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    await Promise.race([done, timeout]);
    return read;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
};

/**
 * Every message on `topics` from the earliest offset up to the end as it was when called, in
 * offset order per partition; messages produced meanwhile are left out, so it always ends. A
 * missing or empty topic gives nothing, without ever joining a consumer group. The reader
 * commits no offsets and joins a group nobody shares (deleted afterwards), so no consumer of
 * the saga is disturbed.
 */
export const readTopicsToEnd = async (
  kafka: Kafka,
  topics: string[],
  { timeoutMs = 30_000 }: ReadToEndOptions = {},
): Promise<ReadMessage[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const targets = await endsOf(admin, topics);
    if (targets.size === 0) return [];
    const groupId = `shop-reader-${crypto.randomUUID()}`;
    try {
      return await consume(kafka, groupId, targets, timeoutMs);
    } finally {
      // It never committed, so the group holds nothing; deleting it keeps the group list clean.
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
};
