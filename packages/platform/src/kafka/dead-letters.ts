import {
  type DeadLetter,
  type DeadLetterState,
  DLQ_ACTIONS_TOPIC,
  physicalTopic,
  type ReplayResult,
} from '@shop/contracts';
import type { Kafka, Message, TopicMessages } from 'kafkajs';
import { BadRequestError, DomainError, NotFoundError, UnavailableError } from '../errors.js';
import {
  type DeadLetterAction,
  DLQ_SOURCES,
  deadLetterId,
  parseAction,
  replayHeaders,
  type StoredDeadLetter,
  toDeadLetter,
} from './dead-letter-records.js';
import { type ReadMessage, readTopicsToEnd } from './read-to-end.js';

export interface DeadLetterDeskOptions {
  kafka: Kafka;
  /** Topic namespace (see `physicalTopic`); empty in production. */
  topicNamespace?: string;
  now?: () => Date;
  /** How long reading the dead-letter topics to their end may take. */
  readTimeoutMs?: number;
}

export type DeadLetterSelection = { ids: string[] } | { all: true };

/** A dead letter with what it holds, for an operator deciding what to do with it. */
export interface DeadLetterDetail {
  letter: DeadLetter;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface AcknowledgeResult {
  acknowledged: string[];
  skipped: ReplayResult['skipped'];
}

/**
 * What operators need for dead letters (`make dlq`, the admin API): list them with their state,
 * replay chosen ones onto their topic, acknowledge those that need no replay.
 */
export interface DeadLetterDesk {
  /** Every dead letter of the saga's `.dlq` topics, oldest first. */
  list(): Promise<DeadLetter[]>;
  show(id: string): Promise<DeadLetterDetail>;
  replay(selection: DeadLetterSelection, note?: string): Promise<ReplayResult>;
  acknowledge(ids: string[], note: string): Promise<AcknowledgeResult>;
}

/** The latest action per dead-letter id (the topic is read in offset order: later wins). */
const latestActions = (messages: ReadMessage[]) => {
  const actions = new Map<string, DeadLetterAction>();
  for (const { message } of messages) {
    const action = parseAction(message.value);
    if (action && message.key) actions.set(message.key.toString(), action);
  }
  return actions;
};

/** A Kafka failure is about the world: the caller may try again (503), never a 500. */
const kafkaCall = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new UnavailableError(`Kafka did not answer while ${what}; try again`, { cause: error });
  }
};

/**
 * Dead letters and their state, both kept in Kafka: the messages on `<topic>.dlq`, and what was
 * done with each in the compacted `shop.dlq-actions` (key = dead-letter id, latest wins).
 *
 * A replay produces the original key, value and headers onto the original topic (acks=all) and
 * only then records it, so a crash in between leaves the dead letter pending and a second replay
 * possible, never a dead letter marked replayed that was not. Replaying twice (two operators at
 * once, or after such a crash) is harmless: every consumer is idempotent. A replayed event
 * reaches every consumer group of its topic again, which for the same reason changes nothing
 * where it had already been handled.
 */
export const deadLetterDesk = ({
  kafka,
  topicNamespace = '',
  now = () => new Date(),
  readTimeoutMs = 30_000,
}: DeadLetterDeskOptions): DeadLetterDesk => {
  const physical = (topic: string) => physicalTopic(topicNamespace, topic);
  const logicalDlq = new Map([...DLQ_SOURCES.keys()].map((dlq) => [physical(dlq), dlq]));
  const actionsTopic = physical(DLQ_ACTIONS_TOPIC);

  const readAll = async (): Promise<StoredDeadLetter[]> => {
    const messages = await kafkaCall(
      'reading the dead letters',
      async () =>
        await readTopicsToEnd(kafka, [...logicalDlq.keys(), actionsTopic], {
          timeoutMs: readTimeoutMs,
        }),
    );
    const actions = latestActions(messages.filter((entry) => entry.topic === actionsTopic));
    const stored: StoredDeadLetter[] = [];
    for (const { topic, partition, message } of messages) {
      const dlq = logicalDlq.get(topic);
      const id = dlq && deadLetterId(dlq, partition, message.offset);
      const entry = dlq && id ? toDeadLetter(dlq, partition, message, actions.get(id)) : undefined;
      if (entry) stored.push(entry);
    }
    return stored.sort((a, b) =>
      (a.letter.deadLetteredAt ?? '').localeCompare(b.letter.deadLetteredAt ?? ''),
    );
  };

  /** The chosen dead letters; an unknown id refuses the whole request before anything is done. */
  const select = (all: StoredDeadLetter[], ids: string[]) => {
    const byId = new Map(all.map((entry) => [entry.letter.id, entry]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0)
      throw new NotFoundError(`No such dead letter: ${unknown.join(', ')}`, {
        extensions: { unknownIds: unknown },
      });
    return [...new Set(ids)].map((id) => byId.get(id) as StoredDeadLetter);
  };

  const record = async (ids: string[], action: DeadLetterAction['action'], note?: string) => {
    if (ids.length === 0) return;
    const at = now().toISOString();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({
        topic: actionsTopic,
        acks: -1,
        messages: ids.map((id) => ({
          key: id,
          value: JSON.stringify({ action, at, note: note ?? null }),
        })),
      });
    } finally {
      await producer.disconnect();
    }
  };

  /** Replay and acknowledge need somewhere to record what they did, before they do anything. */
  const requireActionsTopic = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      if ((await admin.listTopics()).includes(actionsTopic)) return;
    } finally {
      await admin.disconnect();
    }
    throw new UnavailableError(
      `Topic ${actionsTopic} does not exist, so nothing could be recorded: create it (make infra-up creates the topics of infra/kafka-topics.txt)`,
    );
  };

  const produceAgain = async (entries: StoredDeadLetter[]) => {
    const byTopic = new Map<string, Message[]>();
    for (const { letter, topic, message } of entries) {
      const target = physical(topic);
      byTopic.set(target, [
        ...(byTopic.get(target) ?? []),
        { key: message.key, value: message.value, headers: replayHeaders(message, letter.id) },
      ]);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({
      topic,
      messages,
    }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.sendBatch({ acks: -1, topicMessages });
    } finally {
      await producer.disconnect();
    }
  };

  const split = (entries: StoredDeadLetter[]) => ({
    pending: entries.filter((entry) => entry.letter.state === 'pending'),
    skipped: entries
      .filter((entry) => entry.letter.state !== 'pending')
      .map(({ letter }) => ({ id: letter.id, state: letter.state as DeadLetterState })),
  });

  return {
    list: async () => (await readAll()).map((entry) => entry.letter),

    show: async (id) => {
      const [entry] = select(await readAll(), [id]);
      const { letter, message } = entry as StoredDeadLetter;
      return {
        letter,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        ),
      };
    },

    replay: async (selection, note) => {
      const all = await readAll();
      const chosen =
        'all' in selection
          ? all.filter((e) => e.letter.state === 'pending')
          : select(all, selection.ids);
      const { pending, skipped } = split(chosen);
      const ids = pending.map((entry) => entry.letter.id);
      if (pending.length > 0) {
        await kafkaCall('looking for the actions topic', requireActionsTopic);
        await kafkaCall('replaying', async () => await produceAgain(pending));
        await kafkaCall('recording the replay', async () => await record(ids, 'replayed', note));
      }
      return { replayed: ids, skipped };
    },

    acknowledge: async (ids, note) => {
      if (!note.trim()) throw new BadRequestError('An acknowledgement needs a note saying why');
      const { pending, skipped } = split(select(await readAll(), ids));
      const acknowledged = pending.map((entry) => entry.letter.id);
      if (acknowledged.length > 0)
        await kafkaCall('looking for the actions topic', requireActionsTopic);
      await kafkaCall(
        'recording the acknowledgement',
        async () => await record(acknowledged, 'acknowledged', note.trim()),
      );
      return { acknowledged, skipped };
    },
  };
};
