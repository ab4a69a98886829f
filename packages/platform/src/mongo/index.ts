export * from './client.js';
export * from './outbox.js';
