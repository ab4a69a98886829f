export * from './migrate.js';
export * from './outbox.js';
export * from './pool.js';
export * from './retention.js';
