import { TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { completeCheckout } from '../domain/checkout.js';
import type { CartDeps } from '../domain/ports.js';

/** cart-service reacts to one event: a completed order takes what it bought out of the cart. */
export const CART_TOPICS = [TOPICS.order];

export const cartSagaHandler =
  (deps: CartDeps): EventHandler =>
  async (event) => {
    if (event.type === 'OrderCompleted') await completeCheckout(deps, event.orderId, event.eventId);
  };
