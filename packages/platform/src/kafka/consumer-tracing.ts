import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { EVENT_HEADERS } from '@shop/contracts';
import type { KafkaMessage } from 'kafkajs';
import { contextOf, inSpan } from '../tracing.js';
import type { HandlerOutcome } from './metrics.js';

export interface ConsumedEvent {
  /** A saga event names its order; an account event its account. */
  event: { eventId: string; type: string; orderId?: string; accountId?: string };
  message: KafkaMessage;
  /** The topic's name on the broker (namespace included). */
  rawTopic: string;
  partition: number;
  groupId: string;
}

/** What the event is about, for its log lines: an order, or an account. */
const subjectOf = ({ orderId, accountId }: ConsumedEvent['event']): Record<string, string> => {
  if (orderId) return { orderId };
  return accountId ? { accountId } : {};
};

/**
 * Runs one event's handling, retries included, in a CONSUMER span `process <EventType>` whose
 * parent is the `traceparent` the event was written with: what the handler writes, and the
 * events it adds to an outbox, continue that trace, so one order's saga is one trace. Log lines
 * written meanwhile carry the span's `traceId` and the event's `orderId`.
 */
export const inConsumerSpan = async <Outcome extends HandlerOutcome | 'later'>(
  { event, message, rawTopic, partition, groupId }: ConsumedEvent,
  handle: () => Promise<Outcome>,
): Promise<Outcome> =>
  await inSpan(
    `process ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextOf(message.headers?.[EVENT_HEADERS.traceparent]?.toString()),
      // OpenTelemetry's messaging conventions (still incubating, hence spelt out).
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': rawTopic,
        'messaging.destination.partition.id': String(partition),
        'messaging.consumer.group.name': groupId,
        'messaging.message.id': event.eventId,
        'messaging.kafka.offset': Number(message.offset),
        ...(event.orderId ? { 'order.id': event.orderId } : {}),
        ...(event.accountId ? { 'account.id': event.accountId } : {}),
      },
      logFields: subjectOf(event),
    },
    async (span) => {
      const outcome = await handle();
      span.setAttribute('shop.handler.outcome', outcome);
      if (outcome === 'dead_lettered')
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
      return outcome;
    },
  );
