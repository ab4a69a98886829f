import {
  ALL_TOPICS,
  type DeadLetter,
  type DeadLetterState,
  dlqTopic,
  EVENT_HEADERS,
  type Topic,
} from '@shop/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A dead letter as listed, with the message it holds (needed to replay it). */
export interface StoredDeadLetter {
  letter: DeadLetter;
  /** The saga topic it is replayed onto (logical name). */
  topic: Topic;
  message: KafkaMessage;
}

/** The latest thing an operator did with a dead letter (a value of `shop.dlq-actions`). */
export interface DeadLetterAction {
  action: Exclude<DeadLetterState, 'pending'>;
  at: string;
  note: string | null;
}

/** Logical dead-letter topic → the saga topic its messages came from. */
export const DLQ_SOURCES = new Map<string, Topic>(
  ALL_TOPICS.map((topic) => [dlqTopic(topic), topic]),
);

export const deadLetterId = (dlq: string, partition: number, offset: string) =>
  `${dlq}:${partition}:${offset}`;

const text = (headers: IHeaders | undefined, name: string) => {
  const value = headers?.[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
};

const isoOrNull = (value: string | undefined) => {
  const date = value === undefined ? Number.NaN : new Date(value).getTime();
  return Number.isNaN(date) ? null : new Date(date).toISOString();
};

const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

/** What the message says about itself, when it is a JSON object at all. */
const eventOf = (message: KafkaMessage) => {
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(message.value?.toString() ?? '');
    if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // not JSON: an `invalid` dead letter; the headers may still say what it was
  }
  return {
    eventType: stringOrNull(json.type) ?? text(message.headers, EVENT_HEADERS.type) ?? null,
    eventId: stringOrNull(json.eventId) ?? text(message.headers, EVENT_HEADERS.id) ?? null,
    orderId: stringOrNull(json.orderId) ?? message.key?.toString() ?? null,
  };
};

/** A message of a logical dead-letter topic, read as a dead letter with its current state. */
export const toDeadLetter = (
  dlq: string,
  partition: number,
  message: KafkaMessage,
  action: DeadLetterAction | undefined,
): StoredDeadLetter | undefined => {
  const topic = DLQ_SOURCES.get(dlq);
  if (!topic) return undefined;
  const { headers } = message;
  const originalPartition = Number(text(headers, 'dlq-original-partition'));
  const letter: DeadLetter = {
    id: deadLetterId(dlq, partition, message.offset),
    topic,
    originalPartition: Number.isInteger(originalPartition) ? originalPartition : null,
    originalOffset: text(headers, 'dlq-original-offset') ?? null,
    reason: text(headers, 'dlq-reason') ?? 'unknown',
    error: text(headers, 'dlq-error') ?? '',
    consumerGroup: text(headers, 'dlq-consumer-group') ?? 'unknown',
    deadLetteredAt:
      isoOrNull(text(headers, 'dlq-at')) ?? isoOrNull(new Date(Number(message.timestamp)).toJSON()),
    ...eventOf(message),
    state: action?.action ?? 'pending',
    handledAt: action?.at ?? null,
    note: action?.note ?? null,
  };
  return { letter, topic, message };
};

/** A value of the actions topic, or undefined for anything else (never trusted blindly). */
export const parseAction = (value: Buffer | null): DeadLetterAction | undefined => {
  try {
    const json = JSON.parse(value?.toString() ?? '') as Record<string, unknown>;
    if (json.action !== 'replayed' && json.action !== 'acknowledged') return undefined;
    const at = isoOrNull(stringOrNull(json.at) ?? undefined);
    if (!at) return undefined;
    return { action: json.action, at, note: stringOrNull(json.note) };
  } catch {
    return undefined;
  }
};

/**
 * The original headers for a replay: the event's own (type, id, trace) without what the
 * dead-letter topic added, plus where the replay came from.
 */
export const replayHeaders = (message: KafkaMessage, id: string): IHeaders => ({
  ...Object.fromEntries(
    Object.entries(message.headers ?? {}).filter(([name]) => !name.startsWith('dlq-')),
  ),
  'dlq-replayed-from': id,
});
