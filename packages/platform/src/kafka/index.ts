export * from './client.js';
export * from './dead-letters.js';
export * from './event-consumer.js';
export * from './metrics.js';
export * from './outbox-hints.js';
export * from './outbox-relay.js';
export * from './read-to-end.js';
export * from './service-kafka.js';
