import type { Logger } from '@shop/platform/log';
import type { IdempotencyStore, Inventory, OrderStore, SagaMetrics } from './ports.js';

/** What the order API's use cases work with (app.ts wires the real ones, unit tests in-memory ones). */
export interface OrderDeps {
  orders: OrderStore;
  idempotency: IdempotencyStore;
  inventory: Inventory;
  now: () => Date;
  paymentDeadlineSeconds: number;
}

/** What changing a stored order needs. */
export type ChangeDeps = Pick<OrderDeps, 'orders' | 'now'>;

/** What the saga consumer needs: the orders, a clock, a log for ignored events, stage timings. */
export interface SagaDeps extends ChangeDeps {
  logger: Logger;
  sagaMetrics?: SagaMetrics | undefined;
}
