/** Kafka topics of the saga. Each has a dead-letter topic `<topic>.dlq`. */
export const TOPICS = {
  order: 'order.events',
  payment: 'payment.events',
  inventory: 'inventory.events',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/**
 * Emails account-service asks notification-service to send (password reset, email
 * verification). Not a saga topic: its events name an account, not an order (AccountEvent).
 */
export const ACCOUNT_EVENTS_TOPIC = 'account.events';

/** Every topic a service consumes through the platform's event consumer. */
export type ConsumedTopic = Topic | typeof ACCOUNT_EVENTS_TOPIC;

export const dlqTopic = <T extends ConsumedTopic>(topic: T): `${T}.dlq` => `${topic}.dlq`;

/**
 * What operators did with each dead letter (replayed or acknowledged), keyed by the dead
 * letter's id. Compacted: the latest action per dead letter is kept for good.
 */
export const DLQ_ACTIONS_TOPIC = 'shop.dlq-actions';

/** Kafka headers every event carries beside its key (the orderId). */
export const EVENT_HEADERS = {
  type: 'event-type',
  id: 'event-id',
  traceparent: 'traceparent',
} as const;

/**
 * The Kafka topic that carries a logical topic in a namespace. Production uses no namespace;
 * test suites (and several environments sharing one cluster) use one each, so their events
 * never reach each other's consumers.
 */
export const physicalTopic = (namespace: string, topic: string) =>
  namespace ? `${namespace}.${topic}` : topic;
