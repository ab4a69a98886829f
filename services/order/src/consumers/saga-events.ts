import { type EventOfType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { reactToEvent } from '../domain/apply-event.js';
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
} as const;

type AnyReaction = (deps: SagaDeps, event: ShopEvent) => Promise<void>;

/** The reaction to this event's type; none for types order-service does not react to. */
export const reactionTo = (event: ShopEvent): AnyReaction | undefined =>
  Object.hasOwn(ORDER_REACTIONS, event.type)
    ? (ORDER_REACTIONS[event.type as keyof typeof ORDER_REACTIONS] as AnyReaction)
    : undefined;

export const orderSagaHandler =
  (deps: SagaDeps): EventHandler =>
  async (event) =>
    await reactionTo(event)?.(deps, event);
