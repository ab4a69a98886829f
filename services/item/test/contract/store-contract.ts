import type { Stores } from './fixtures.js';
import { holdStoreContract } from './hold-store-contract.js';
import { itemStoreContract } from './item-store-contract.js';

export type { Stores } from './fixtures.js';

/**
 * What the domain relies on from its stores, run against every implementation: the MongoDB
 * repositories (service suite) and the in-memory ones the unit tests use, so the two cannot
 * drift apart. Each guard is checked both ways: it lets the right write through and refuses
 * the wrong one without changing anything.
 */
export const storeContract = (name: string, stores: () => Stores) => {
  itemStoreContract(name, stores);
  holdStoreContract(name, stores);
};
