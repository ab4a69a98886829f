import { type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import {
  cancelOnOrderCancelled,
  commitOnPayment,
  type LifecycleDeps,
} from '../domain/lifecycle.js';

/** item-service's part of the saga: the topics it reads and what it does with each event. */
export const ITEM_TOPICS = [TOPICS.order, TOPICS.payment];

export const itemSagaHandler =
  (deps: LifecycleDeps): EventHandler =>
  async (event: ShopEvent) => {
    switch (event.type) {
      case 'PaymentSucceeded':
        return await commitOnPayment(deps, event);
      case 'OrderCancelled':
        return await cancelOnOrderCancelled(deps, event);
      default:
        return; // not item-service's concern
    }
  };
