import { TOPICS } from '@shop/contracts';
import type { ServiceLogger } from '@shop/platform';
import type { EventHandler } from '@shop/platform/kafka';
import type { OrderDeps } from '../domain/orders.js';
import type { SagaMetrics } from '../domain/ports.js';
import { applyEvent } from '../domain/saga.js';

/** order-service reads what payment- and item-service say about orders (its own events are local). */
export const ORDER_TOPICS = [TOPICS.payment, TOPICS.inventory];

export const orderSagaHandler =
  (deps: OrderDeps & { logger: ServiceLogger; sagaMetrics?: SagaMetrics }): EventHandler =>
  async (event) =>
    await applyEvent(deps, event);
