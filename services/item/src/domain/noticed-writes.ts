import type { ItemStore } from './ports.js';

/** The ItemStore methods that change what a reader of an item sees, and where its id is. */
const WRITES_BY_ITEM_ID = [
  'replace',
  'delete',
  'adjust',
  'reserveIfFree',
  'resizeIf',
  'takeIf',
  'restockOnce',
] as const satisfies readonly (keyof ItemStore)[];

type Write = (id: string, ...rest: never[]) => Promise<unknown>;

/**
 * The store, telling `changed(itemId)` after every write to an item, whatever its outcome (a
 * write refused by its guard changes nothing, but one that failed may still have applied: a
 * reader must not trust what it had either way). Told after the write, so a read that began
 * before it cannot be kept as fresh (see read-cache.ts). Holds, the saga and the sweeper change
 * stock through the same store, so their writes are told too.
 */
export const noticingWrites = (store: ItemStore, changed: (itemId: string) => void): ItemStore => {
  const noticed: Partial<Record<keyof ItemStore, Write>> = {};
  for (const name of WRITES_BY_ITEM_ID) {
    const write = store[name] as unknown as Write;
    noticed[name] = async (id, ...rest) => {
      try {
        return await write(id, ...rest);
      } finally {
        changed(id);
      }
    };
  }
  return {
    ...store,
    ...noticed,
    insert: async (item) => {
      try {
        return await store.insert(item);
      } finally {
        changed(item.id);
      }
    },
  } as ItemStore;
};
