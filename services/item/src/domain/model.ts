import type { HoldLine, HoldStatus, ItemInput } from '@shop/contracts';

export interface Inventory {
  onHand: number;
  reserved: number;
  /** onHand − reserved: what a new hold or a shrink may take. */
  available: number;
}

export interface ItemRecord extends ItemInput {
  id: string;
  inventory: Inventory;
  createdAt: Date;
  updatedAt: Date;
}

/** Why a hold is being or was released. `abandoned`: a placement the sweeper gave up on. */
export type ReleaseReason = 'cancelled' | 'expired' | 'released' | 'abandoned';

export interface HoldRecord {
  orderId: string;
  status: HoldStatus;
  lines: HoldLine[];
  /** The lines before a PUT, kept while it is in progress so it can be undone. */
  previousLines: HoldLine[] | null;
  releaseReason: ReleaseReason | null;
  /** Set when a payment arrived after the hold expired: re-hold, then commit. */
  commitAfterHold: boolean;
  /**
   * Which placement of the hold its reservations belong to: 0, then one more each time an expired
   * hold is placed again for a late payment. Releases name it, so a worker acting on an old read
   * can never take the reservations of a later placement.
   */
  generation: number;
  /**
   * Ids of the events that moved this hold (the latest few), recorded in the same write as the
   * move: an event already acted on changes nothing when it comes again.
   */
  handledEvents: string[];
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** One order's reservation inside an item: how much, for which placement of its hold. */
export interface Reservation {
  quantity: number;
  generation: number;
}

/** What one line's reservation attempt found. */
export type ReserveOutcome =
  | { kind: 'reserved' }
  | { kind: 'short'; available: number }
  | { kind: 'missing' };

export const sortLines = (lines: HoldLine[]) =>
  [...lines].sort((a, b) => a.itemId.localeCompare(b.itemId));

export const sameLines = (a: HoldLine[], b: HoldLine[]) =>
  JSON.stringify(sortLines(a)) === JSON.stringify(sortLines(b));
