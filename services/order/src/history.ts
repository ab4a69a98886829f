/**
 * What a tool needs to store orders exactly as this service does, without its HTTP API or its
 * saga: the domain's record and event builders, the repository's row builders, and the
 * repository itself to read them back. tools/bench seeds stored history with these (so the
 * shapes cannot drift from the service's), and keeps its events out of the outbox.
 */
export { openOrderStore } from './data/cassandra.js';
export { listingRowsOfNew } from './data/order-listing.js';
export { createOrderRepository } from './data/order-repository.js';
export { eventRow, orderRow, type Statement, userOrderRow } from './data/order-rows.js';
export { newOrderRecord } from './domain/create-order.js';
export {
  cancelledEvent,
  completedEvent,
  createdEvent,
  paidEvent,
} from './domain/events.js';
export { type OrderRecord, toPublicOrder } from './domain/model.js';
