import { RESERVING_STATES } from './hold-transitions.js';
import type { HoldRecord } from './model.js';

/**
 * Whether `hold` still claims its reservation on `itemId`: it is in a state that reserves, and
 * the item is one of its lines (or of its previous lines, while a PUT moves them).
 */
export const claimsReservation = (hold: HoldRecord | null | undefined, itemId: string) =>
  !!hold &&
  RESERVING_STATES.includes(hold.status) &&
  [...hold.lines, ...(hold.previousLines ?? [])].some((line) => line.itemId === itemId);

/**
 * Whether an order's restock markers may go (once older than the retention): its hold finished
 * the restock, or is gone. While the hold is RESTOCKING they are what keeps a line from being
 * put back twice.
 */
export const restockFinished = (hold: HoldRecord | null | undefined) =>
  !hold || hold.status === 'RESTOCKED';
