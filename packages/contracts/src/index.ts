export * from './accounts.js';
export * from './events/index.js';
export * from './items.js';
export * from './order-status.js';
export * from './orders.js';
export * from './primitives.js';
export * from './problem.js';
export * from './topics.js';
