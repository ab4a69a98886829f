import { z } from 'zod';
import { TOPICS, type Topic } from '../topics.js';
import { INVENTORY_EVENTS } from './inventory-events.js';
import { ORDER_EVENTS } from './order-events.js';
import { PAYMENT_EVENTS } from './payment-events.js';

export * from './account-events.js';
export * from './envelope.js';
export * from './inventory-events.js';
export * from './order-events.js';
export * from './payment-events.js';

/** Every event of a topic, discriminated on `type`. */
export const OrderEvent = z.discriminatedUnion('type', ORDER_EVENTS);
export const PaymentEvent = z.discriminatedUnion('type', PAYMENT_EVENTS);
export const InventoryEvent = z.discriminatedUnion('type', INVENTORY_EVENTS);
export const ShopEvent = z.discriminatedUnion('type', [
  ...ORDER_EVENTS,
  ...PAYMENT_EVENTS,
  ...INVENTORY_EVENTS,
]);

export type OrderEvent = z.infer<typeof OrderEvent>;
export type PaymentEvent = z.infer<typeof PaymentEvent>;
export type InventoryEvent = z.infer<typeof InventoryEvent>;
export type ShopEvent = z.infer<typeof ShopEvent>;
export type EventType = ShopEvent['type'];
export type EventOfType<T extends EventType> = Extract<ShopEvent, { type: T }>;
export type EventData<T extends EventType> = EventOfType<T>['data'];

/** Current schema version of every event type; bumped on a breaking change of its data. */
export const EVENT_VERSION = 1;

const TOPIC_SCHEMAS = {
  [TOPICS.order]: OrderEvent,
  [TOPICS.payment]: PaymentEvent,
  [TOPICS.inventory]: InventoryEvent,
} as const;

const typesOf = (events: readonly { shape: { type: z.ZodLiteral<string> } }[]) =>
  events.map((schema) => schema.shape.type.value);

/** The topic each event type is published on. */
export const EVENT_TOPIC = Object.fromEntries([
  ...typesOf(ORDER_EVENTS).map((type) => [type, TOPICS.order]),
  ...typesOf(PAYMENT_EVENTS).map((type) => [type, TOPICS.payment]),
  ...typesOf(INVENTORY_EVENTS).map((type) => [type, TOPICS.inventory]),
]) as Record<EventType, Topic>;

export const EVENT_TYPES = Object.keys(EVENT_TOPIC) as EventType[];

/** Validates a message read from `topic`; an event of another topic's type is refused too. */
export const safeParseEvent = (topic: Topic, value: unknown) =>
  TOPIC_SCHEMAS[topic].safeParse(value) as z.ZodSafeParseResult<ShopEvent>;

export interface NewEvent<T extends EventType> {
  orderId: string;
  source: EventOfType<T>['source'];
  data: EventData<T>;
  eventId?: string;
  occurredAt?: Date;
}

/**
 * Creates an event and validates it, so a producer can never publish a malformed one
 * (throws a ZodError naming the bad field).
 */
export const createEvent = <T extends EventType>(type: T, input: NewEvent<T>): EventOfType<T> =>
  ShopEvent.parse({
    eventId: input.eventId ?? globalThis.crypto.randomUUID(),
    type,
    version: EVENT_VERSION,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    source: input.source,
    orderId: input.orderId,
    data: input.data,
  }) as EventOfType<T>;
