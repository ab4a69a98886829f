import { type EventOfType, type EventType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { completeCheckout } from '../domain/checkout.js';
import type { CartDeps } from '../domain/ports.js';

/** cart-service listens to order.events only. */
export const CART_TOPICS = [TOPICS.order];

/**
 * What cart-service does with each saga event (PRODUCT.md §7, "Who reacts to what"): a
 * completed order takes what it bought out of the cart. A cancelled or failed order leaves the
 * cart as it was, so nothing reacts to those.
 */
export const CART_REACTIONS = {
  OrderCompleted: async (deps: CartDeps, event: EventOfType<'OrderCompleted'>) =>
    await completeCheckout(deps, event),
} as const satisfies {
  [T in EventType]?: (deps: CartDeps, event: EventOfType<T>) => Promise<unknown>;
};

type Reaction = (deps: CartDeps, event: ShopEvent) => Promise<unknown>;

/** The reaction of `event`'s type, if cart-service has one. */
export const cartReactionTo = (event: ShopEvent) =>
  (CART_REACTIONS as Partial<Record<EventType, Reaction>>)[event.type];

/** Dispatches each event through CART_REACTIONS; any other type is not cart-service's concern. */
export const cartSagaHandler =
  (deps: CartDeps): EventHandler =>
  async (event) => {
    await cartReactionTo(event)?.(deps, event);
  };
