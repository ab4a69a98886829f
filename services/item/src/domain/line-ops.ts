import type { HoldLine, ShortLine } from '@shop/contracts';
import { type ReserveOutcome, sortLines } from './model.js';
import type { ItemStore } from './ports.js';

/** The hold a line operation works for: its order and the placement (generation) it is in. */
export interface HoldRef {
  orderId: string;
  generation: number;
}

const RESERVED: ReserveOutcome = { kind: 'reserved' };

/** Why a guarded update did not apply: the item is gone, or too little is available. */
const shortOrMissing = async (items: ItemStore, itemId: string): Promise<ReserveOutcome> => {
  const available = await items.availableOf(itemId);
  return available === null ? { kind: 'missing' } : { kind: 'short', available };
};

/**
 * Removes the order's reservation of the item, guarded by its quantity (and generation, when
 * given). `expected` (the hold's line) is tried first, which saves reading the entry in the usual
 * case; a different or missing entry falls back to reading what is reserved. False when there
 * is nothing of this generation to take.
 */
export const takeReservation = async (
  items: ItemStore,
  itemId: string,
  orderId: string,
  as: 'release' | 'sale',
  now: Date,
  { expected, generation }: { expected?: number; generation?: number } = {},
) => {
  if (
    expected !== undefined &&
    (await items.takeIf(itemId, orderId, { quantity: expected, generation }, as, now))
  )
    return true;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const entry = await items.reservationOf(itemId, orderId);
    // None, or another generation's (the hold was placed again since): nothing of ours to take.
    if (!entry || (generation !== undefined && entry.generation !== generation)) return false;
    const taken = { quantity: entry.quantity, generation };
    if (await items.takeIf(itemId, orderId, taken, as, now)) return true;
  }
  throw new Error(`reservation of order ${orderId} on item ${itemId} kept changing`);
};

/** Reserves one line for the hold's placement; idempotent for the same placement. */
export const reserveLine = async (
  items: ItemStore,
  { orderId, generation }: HoldRef,
  { itemId, quantity }: HoldLine,
  now: Date,
): Promise<ReserveOutcome> => {
  const reservation = { quantity, generation };
  if (await items.reserveIfFree(itemId, orderId, reservation, now)) return RESERVED;
  const entry = await items.reservationOf(itemId, orderId);
  // Already reserved by an earlier attempt of the same placement: done.
  if (entry?.generation === generation) return RESERVED;
  // Left over from an earlier placement of this hold: give it back, then reserve afresh.
  if (
    entry &&
    (await takeReservation(items, itemId, orderId, 'release', now, {
      generation: entry.generation,
    })) &&
    (await items.reserveIfFree(itemId, orderId, reservation, now))
  )
    return RESERVED;
  return await shortOrMissing(items, itemId);
};

/** Changes an existing reservation to `quantity` if available stock allows. */
export const resizeLine = async (
  items: ItemStore,
  orderId: string,
  { itemId, quantity }: HoldLine,
  now: Date,
): Promise<ReserveOutcome> => {
  const current = (await items.reservationOf(itemId, orderId))?.quantity;
  if (current === undefined) return await shortOrMissing(items, itemId);
  if (current === quantity) return RESERVED;
  if (
    (await items.resizeIf(itemId, orderId, current, quantity, now)) ||
    (await items.reservationOf(itemId, orderId))?.quantity === quantity
  )
    return RESERVED;
  return await shortOrMissing(items, itemId);
};

const toShortLine = (line: HoldLine, outcome: ReserveOutcome): ShortLine => ({
  itemId: line.itemId,
  requested: line.quantity,
  available: outcome.kind === 'short' ? outcome.available : 0,
});

/**
 * Reserves every line, in item-id order (so concurrent holds contend in the same order). All or
 * nothing: when a line is short, what this call reserved is released again.
 */
export const reserveAll = async (
  items: ItemStore,
  hold: HoldRef,
  lines: HoldLine[],
  now: Date,
): Promise<ShortLine[]> => {
  const reserved: HoldLine[] = [];
  const short: ShortLine[] = [];
  for (const line of sortLines(lines)) {
    const outcome = await reserveLine(items, hold, line, now);
    if (outcome.kind === 'reserved') reserved.push(line);
    else short.push(toShortLine(line, outcome));
  }
  if (short.length > 0) await releaseAll(items, hold, reserved, now);
  return short;
};

/** Gives back the hold's reservations of this placement (never a later placement's). */
export const releaseAll = async (
  items: ItemStore,
  { orderId, generation }: HoldRef,
  lines: HoldLine[],
  now: Date,
) => {
  for (const line of lines)
    await takeReservation(items, line.itemId, orderId, 'release', now, { generation });
};

/** Turns each line's reservation into a sale (onHand −= q, reserved −= q), once. */
export const commitAll = async (
  items: ItemStore,
  orderId: string,
  lines: HoldLine[],
  now: Date,
) => {
  for (const line of lines)
    await takeReservation(items, line.itemId, orderId, 'sale', now, { expected: line.quantity });
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
    const line = { itemId, quantity: after.get(itemId) ?? 0 };
    const outcome = before.has(itemId)
      ? await resizeLine(items, hold.orderId, line, now)
      : await reserveLine(items, hold, line, now);
    if (outcome.kind !== 'reserved') short.push(toShortLine(line, outcome));
  }
  if (short.length > 0) {
    for (const itemId of growing)
      await setQuantity(items, hold, { itemId, quantity: before.get(itemId) ?? 0 }, now);
    return short;
  }
  for (const itemId of shrinking)
    await setQuantity(items, hold, { itemId, quantity: after.get(itemId) ?? 0 }, now);
  return [];
};

/** Lowers (or removes) a reservation; lowering never needs stock, so it cannot be short. */
const setQuantity = async (items: ItemStore, hold: HoldRef, line: HoldLine, now: Date) => {
  if (line.quantity === 0)
    await takeReservation(items, line.itemId, hold.orderId, 'release', now, {
      generation: hold.generation,
    });
  else await resizeLine(items, hold.orderId, line, now);
};

/** Puts each line back on hand once per order (the item's restock marker guards a repeat). */
export const restockAll = async (
  items: ItemStore,
  orderId: string,
  lines: HoldLine[],
  now: Date,
) => {
  for (const line of lines) await items.restockOnce(line.itemId, orderId, line.quantity, now);
};
