import { type EventOfType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { applyEvent, type LifecycleDeps } from '../domain/lifecycle.js';

/** item-service's part of the saga: the topics it reads. */
export const ITEM_TOPICS = [TOPICS.order, TOPICS.payment];

/**
 * What item-service does with each event it reacts to (docs/saga.md, "Who reacts to what");
 * every other event on its topics is none of its concern.
 */
export const ITEM_REACTIONS = {
  /** Commit the hold → InventoryCommitted (re-hold an expired one first), or InventoryCommitFailed. */
  PaymentSucceeded: (deps: LifecycleDeps, event: EventOfType<'PaymentSucceeded'>) =>
    applyEvent(deps, { type: 'PaymentSucceeded', orderId: event.orderId, eventId: event.eventId }),
  /** Release a HELD hold or restock a COMMITTED one → InventoryReleased. */
  OrderCancelled: (deps: LifecycleDeps, event: EventOfType<'OrderCancelled'>) =>
    applyEvent(deps, { type: 'OrderCancelled', orderId: event.orderId, eventId: event.eventId }),
} as const;

type ItemReaction = (deps: LifecycleDeps, event: ShopEvent) => Promise<void>;

/** Dispatches through ITEM_REACTIONS; an event of any other type changes nothing. */
export const reactToEvent = async (deps: LifecycleDeps, event: ShopEvent) => {
  if (!Object.hasOwn(ITEM_REACTIONS, event.type)) return;
  const react = ITEM_REACTIONS[event.type as keyof typeof ITEM_REACTIONS] as ItemReaction;
  await react(deps, event);
};

export const itemSagaHandler =
  (deps: LifecycleDeps): EventHandler =>
  async (event) =>
    await reactToEvent(deps, event);
