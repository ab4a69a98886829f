import { storeContract } from '../contract/store-contract.js';
import { memoryHoldStore } from './memory/hold-store.js';
import { memoryItemStore } from './memory/item-store.js';

storeContract('in-memory stores', () => {
  const holds = memoryHoldStore();
  return {
    items: memoryItemStore(),
    holds,
    outboxOf: async (orderId) => holds.outbox(orderId).map((event) => event.eventId),
  };
});
