import { type EventOfType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type Reactions, reactingWith, reactionOf } from '@shop/platform/reactions';
import { completeCheckout } from '../domain/checkout.js';
import type { CartDeps } from '../domain/ports.js';

/** cart-service listens to order.events only. */
export const CART_TOPICS = [TOPICS.order];

/**
 * What cart-service does with each saga event (docs/saga.md#who-reacts-to-what): a
 * completed order takes what it bought out of the cart. A cancelled or failed order leaves the
 * cart as it was, so nothing reacts to those.
 */
export const CART_REACTIONS = {
  OrderCompleted: async (deps: CartDeps, event: EventOfType<'OrderCompleted'>) =>
    await completeCheckout(deps, event),
} satisfies Reactions<CartDeps>;

/** The reaction this service has for the event's type, if any. */
export const cartReactionTo = (event: ShopEvent) => reactionOf(CART_REACTIONS, event);

/** Dispatches each event through CART_REACTIONS; any other type changes nothing. */
export const cartSagaHandler = (deps: CartDeps): EventHandler => reactingWith(CART_REACTIONS, deps);
