import type { HoldStatus } from '@shop/contracts';

/**
 * Which status a hold may move to from each status. Every move is one compare-and-set on
 * `status` (see HoldStore.transition), and lifecycle.ts refuses to ask for a move not listed.
 *
 * - PENDING: a placement in progress (or a re-placement for a late payment, `commitAfterHold`);
 *   ends HELD, or COMMITTING / EXPIRED for a late payment, or RELEASING when the sweeper gives
 *   up on it.
 * - HELD: reserved and waiting for the payment; a PUT goes through REHOLDING back to HELD.
 * - COMMITTING, RELEASING, RESTOCKING, REHOLDING: the intent of a multi-item step, recorded
 *   before its lines are touched, so a crash leaves a state the sweeper can finish.
 * - EXPIRED: released at its deadline; a late payment places it again (PENDING), a cancel marks
 *   it RELEASED so no payment can.
 */
export const HOLD_TRANSITIONS = {
  PENDING: ['HELD', 'COMMITTING', 'EXPIRED', 'RELEASING'],
  HELD: ['REHOLDING', 'COMMITTING', 'RELEASING'],
  REHOLDING: ['HELD'],
  COMMITTING: ['COMMITTED'],
  COMMITTED: ['RESTOCKING'],
  RELEASING: ['RELEASED', 'EXPIRED'],
  EXPIRED: ['PENDING', 'RELEASED'],
  RESTOCKING: ['RESTOCKED'],
  RELEASED: [],
  RESTOCKED: [],
  FAILED: [],
} as const satisfies Record<HoldStatus, readonly HoldStatus[]>;

/**
 * The statuses a hold document is created in: a placement (PENDING), or a tombstone for an
 * event that came before any hold (FAILED: a payment; RELEASED: a cancel).
 */
export const CREATED_IN: readonly HoldStatus[] = ['PENDING', 'FAILED', 'RELEASED'];

/**
 * The statuses in which a hold document may be deleted: a placement short of stock (PENDING), a
 * placement the sweeper gave up on once its lines are released (RELEASING, `abandoned`).
 */
export const DELETED_FROM: readonly HoldStatus[] = ['PENDING', 'RELEASING'];

/** States in which a hold's reservations are still counted in `reserved`. */
export const RESERVING_STATES: readonly HoldStatus[] = [
  'PENDING',
  'HELD',
  'REHOLDING',
  'COMMITTING',
  'RELEASING',
];

/** Steps in progress: one older than the stuck limit was interrupted by a crash. */
export const INTERMEDIATE_STATES: readonly HoldStatus[] = [
  'PENDING',
  'REHOLDING',
  'COMMITTING',
  'RELEASING',
  'RESTOCKING',
];

export const canTransition = (from: HoldStatus, to: HoldStatus) =>
  (HOLD_TRANSITIONS[from] as readonly HoldStatus[]).includes(to);

/** A move outside the table is a bug in the caller, never something to retry. */
export class IllegalTransitionError extends Error {
  constructor(from: HoldStatus, to: HoldStatus) {
    super(`a hold cannot move from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export const assertTransition = (from: HoldStatus, to: HoldStatus) => {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
};
