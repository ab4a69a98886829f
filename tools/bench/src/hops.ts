import { type Summary, summarize } from './stats.js';

/** One saga event as the bench saw it on Kafka. */
export interface SeenEvent {
  eventId: string;
  orderId: string;
  type: string;
  /** When the service wrote it with its state change (the event's `occurredAt`), epoch ms. */
  occurredAt: number;
  /** The Kafka message's timestamp: when the outbox relay sent it, epoch ms. */
  sentAt: number;
}

/**
 * Where a saga's time goes, hop by hop (docs/performance.md, Method: "Per hop"). Both clocks are
 * the services' hosts', so on one machine the differences are exact; across hosts they carry
 * the clocks' skew.
 */
export interface SagaHops {
  /** Per event type: from the write to Kafka, the outbox relay's delay. */
  relay: Record<string, Summary>;
  /**
   * Per reaction (`A → B`, AWAITS): from A on Kafka to B written, i.e. the consuming service's
   * wait for its turn plus its handler. `A + C → B`: from the later of A and C on Kafka.
   */
  reaction: Record<string, Summary>;
}

/**
 * The happy path's reactions (docs/saga.md, "Who reacts to what"): the events each event is
 * written once they are all on Kafka. order-service completes an order once it has both the
 * payment and the stock commit, in whichever order they came.
 */
const AWAITS: Record<string, string[]> = {
  OrderPaid: ['PaymentSucceeded'],
  InventoryCommitted: ['PaymentSucceeded'],
  OrderCompleted: ['PaymentSucceeded', 'InventoryCommitted'],
};

const push = (groups: Map<string, number[]>, key: string, value: number) => {
  const values = groups.get(key) ?? [];
  values.push(value);
  groups.set(key, values);
};

const summaries = (groups: Map<string, number[]>, seconds: number) =>
  Object.fromEntries(
    [...groups]
      .sort(([, a], [, b]) => b.length - a.length)
      .map(([key, values]) => [key, summarize(values, 0, seconds)]),
  );

/** The reaction `event` is, and how long it took; null if it answers nothing or one is missing. */
const reactionOf = (event: SeenEvent, orderEvents: SeenEvent[]) => {
  const awaited = AWAITS[event.type];
  if (!awaited) return null;
  const causes = awaited.map((type) => orderEvents.find((candidate) => candidate.type === type));
  if (causes.some((cause) => !cause)) return null;
  const lastSent = Math.max(...causes.map((cause) => cause?.sentAt ?? 0));
  return { hop: `${awaited.join(' + ')} → ${event.type}`, ms: event.occurredAt - lastSent };
};

/** The hops of the orders' events (a redelivered event counts once), over a run of `seconds`. */
export const sagaHops = (events: SeenEvent[], seconds: number): SagaHops => {
  const byOrder = new Map<string, SeenEvent[]>();
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    const orderEvents = byOrder.get(event.orderId) ?? [];
    orderEvents.push(event);
    byOrder.set(event.orderId, orderEvents);
  }
  const relay = new Map<string, number[]>();
  const reaction = new Map<string, number[]>();
  for (const orderEvents of byOrder.values()) {
    for (const event of orderEvents) {
      push(relay, event.type, event.sentAt - event.occurredAt);
      const answered = reactionOf(event, orderEvents);
      if (answered) push(reaction, answered.hop, answered.ms);
    }
  }
  return { relay: summaries(relay, seconds), reaction: summaries(reaction, seconds) };
};
