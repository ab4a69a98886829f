import { type EventOfType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type Reactions, reactionOf } from '@shop/platform/reactions';
import { reactToEvent, recordInTimeline } from '../domain/apply-event.js';
import type { SagaDeps } from '../domain/deps.js';
import {
  onInventoryCommitFailed,
  onInventoryCommitted,
  onPaymentFailed,
  onPaymentRefunded,
  onPaymentSucceeded,
} from '../domain/saga.js';

/** order-service reads what payment- and item-service say about orders (its own events are local). */
export const ORDER_TOPICS = [TOPICS.payment, TOPICS.inventory];

/** What order-service does with each event it consumes (docs/saga.md, "Who reacts to what"). */
export const ORDER_REACTIONS = {
  PaymentSucceeded: async (deps: SagaDeps, event: EventOfType<'PaymentSucceeded'>) =>
    await reactToEvent(deps, event, onPaymentSucceeded),
  PaymentFailed: async (deps: SagaDeps, event: EventOfType<'PaymentFailed'>) =>
    await reactToEvent(deps, event, onPaymentFailed),
  InventoryCommitted: async (deps: SagaDeps, event: EventOfType<'InventoryCommitted'>) =>
    await reactToEvent(deps, event, onInventoryCommitted),
  InventoryCommitFailed: async (deps: SagaDeps, event: EventOfType<'InventoryCommitFailed'>) =>
    await reactToEvent(deps, event, onInventoryCommitFailed),
  PaymentRefunded: async (deps: SagaDeps, event: EventOfType<'PaymentRefunded'>) =>
    await reactToEvent(deps, event, onPaymentRefunded),
} satisfies Reactions<SagaDeps>;

/** The reaction this service has for the event's type, if any. */
export const reactionTo = (event: ShopEvent) => reactionOf(ORDER_REACTIONS, event);

/**
 * Dispatches each event through ORDER_REACTIONS; any other type changes nothing but is added to
 * the order's timeline.
 */
export const orderSagaHandler =
  (deps: SagaDeps): EventHandler =>
  async (event) => {
    const react = reactionTo(event);
    await (react ? react(deps, event) : recordInTimeline(deps, event));
  };
