import type { HoldLine, ShortLine } from '@shop/contracts';
import { sortLines } from './model.js';
import type { ItemStore } from './ports.js';

/** The hold a line operation works for: its order and the placement (generation) it is in. */
export interface HoldRef {
  orderId: string;
  generation: number;
}

/**
 * Reserves every line, in item-id order (so concurrent holds contend in the same order). All or
 * nothing: on the first short line, what this call reserved is released again.
 */
export const reserveAll = async (
  items: ItemStore,
  { orderId, generation }: HoldRef,
  lines: HoldLine[],
  now: Date,
): Promise<ShortLine[]> => {
  const reserved: HoldLine[] = [];
  const short: ShortLine[] = [];
  for (const line of sortLines(lines)) {
    const outcome = await items.reserve(line.itemId, orderId, line.quantity, now, generation);
    if (outcome.kind === 'reserved') {
      reserved.push(line);
    } else {
      short.push({
        itemId: line.itemId,
        requested: line.quantity,
        available: outcome.kind === 'short' ? outcome.available : 0,
      });
    }
  }
  if (short.length > 0) await releaseAll(items, { orderId, generation }, reserved, now);
  return short;
};

/** Gives back the hold's reservations of this placement (never a later placement's). */
export const releaseAll = async (
  items: ItemStore,
  { orderId, generation }: HoldRef,
  lines: HoldLine[],
  now: Date,
) => {
  for (const line of lines) await items.release(line.itemId, orderId, now, generation);
};

export const commitAll = async (
  items: ItemStore,
  orderId: string,
  lines: HoldLine[],
  now: Date,
) => {
  for (const line of lines) await items.commit(line.itemId, orderId, now, line.quantity);
};

export const restockAll = async (
  items: ItemStore,
  orderId: string,
  lines: HoldLine[],
  now: Date,
) => {
  for (const line of lines) await items.restock(line.itemId, orderId, line.quantity, now);
};

/**
 * Moves the order's reservations from `from` lines to `to` lines (PUT). Growing lines go first;
 * if one is short, only the grown lines are put back (shrinking never fails, so nothing else was
 * touched) and the short lines are returned. Shrinking lines go last. Running it again after a
 * crash finishes the move or undoes it, so it is its own recovery.
 */
export const reshape = async (
  items: ItemStore,
  hold: HoldRef,
  from: HoldLine[],
  to: HoldLine[],
  now: Date,
): Promise<ShortLine[]> => {
  const before = new Map(from.map((line) => [line.itemId, line.quantity]));
  const after = new Map(to.map((line) => [line.itemId, line.quantity]));
  const itemIds = [...new Set([...before.keys(), ...after.keys()])].sort();
  const growing = itemIds.filter((id) => (after.get(id) ?? 0) > (before.get(id) ?? 0));
  const shrinking = itemIds.filter((id) => (after.get(id) ?? 0) < (before.get(id) ?? 0));

  const short: ShortLine[] = [];
  for (const itemId of growing) {
    const wanted = after.get(itemId) ?? 0;
    const outcome = before.has(itemId)
      ? await items.resize(itemId, hold.orderId, wanted, now)
      : await items.reserve(itemId, hold.orderId, wanted, now, hold.generation);
    if (outcome.kind !== 'reserved') {
      short.push({
        itemId,
        requested: wanted,
        available: outcome.kind === 'short' ? outcome.available : 0,
      });
    }
  }
  if (short.length > 0) {
    for (const itemId of growing)
      await setQuantity(items, hold, itemId, before.get(itemId) ?? 0, now);
    return short;
  }
  for (const itemId of shrinking)
    await setQuantity(items, hold, itemId, after.get(itemId) ?? 0, now);
  return [];
};

/** Lowers (or removes) a reservation; lowering never needs stock, so it cannot be short. */
const setQuantity = async (
  items: ItemStore,
  { orderId, generation }: HoldRef,
  itemId: string,
  quantity: number,
  now: Date,
) => {
  if (quantity === 0) await items.release(itemId, orderId, now, generation);
  else await items.resize(itemId, orderId, quantity, now);
};
