import type { HoldLine, HoldStatus, ItemInput, ShortLine } from '@shop/contracts';

export interface ItemRecord extends ItemInput {
  id: string;
  inventory: { onHand: number; reserved: number; available: number };
  createdAt: Date;
  updatedAt: Date;
}

export interface HoldRecord {
  orderId: string;
  status: HoldStatus;
  lines: HoldLine[];
  /** The lines before a PUT, kept while it is in progress so it can be undone. */
  previousLines: HoldLine[] | null;
  /** Why the hold is being or was released: `cancelled`, `expired`, `released`. */
  releaseReason: string | null;
  /** Set when a payment arrived after the hold expired: re-hold, then commit. */
  commitAfterHold: boolean;
  /**
   * Which placement of the hold its reservations belong to: 0, then one more each time an expired
   * hold is placed again for a late payment. Releases name it, so a worker acting on an old read
   * can never take the reservations of a later placement.
   */
  generation: number;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** What one line's reservation attempt found. */
export type ReserveOutcome =
  | { kind: 'reserved' }
  | { kind: 'short'; available: number }
  | { kind: 'missing' };

export type HoldResult = { ok: true; hold: HoldRecord } | { ok: false; shortLines: ShortLine[] };

/** States in which a hold's reservations are still counted in `reserved`. */
export const RESERVING_STATES: readonly HoldStatus[] = [
  'PENDING',
  'HELD',
  'REHOLDING',
  'COMMITTING',
  'RELEASING',
];

export const sortLines = (lines: HoldLine[]) =>
  [...lines].sort((a, b) => a.itemId.localeCompare(b.itemId));

export const sameLines = (a: HoldLine[], b: HoldLine[]) =>
  JSON.stringify(sortLines(a)) === JSON.stringify(sortLines(b));
