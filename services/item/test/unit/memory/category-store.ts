import type { CategoryRecord } from '../../../src/domain/categories.js';
import type { CategoryStore } from '../../../src/domain/ports.js';

/** The category tree in memory, with the same compare-and-set on its version as MongoDB's. */
export const memoryCategoryStore = (initial: CategoryRecord[] = []) => {
  let stored = { version: initial.length > 0 ? 1 : 0, categories: structuredClone(initial) };
  const store: CategoryStore & { writes: number } = {
    writes: 0,
    read: async () => structuredClone(stored),
    write: async (expected, categories) => {
      if (stored.version !== expected) return false;
      stored = { version: expected + 1, categories: structuredClone(categories) };
      store.writes += 1;
      return true;
    },
  };
  return store;
};
