import type { HoldStatus, ShopEvent } from '@shop/contracts';
import { commitFailed } from './inventory-events.js';
import type { HoldRecord, ReleaseReason } from './model.js';
import type { Transition } from './ports.js';

/** What can happen to a hold besides its placement and line changes (holds.ts). */
export type HoldCommand =
  | { type: 'PaymentSucceeded'; orderId: string; eventId: string }
  | { type: 'OrderCancelled'; orderId: string; eventId: string }
  /** DELETE by order-service, undoing a hold it could not use. */
  | { type: 'ReleaseRequested' }
  /** The sweeper found the hold past its deadline. */
  | { type: 'Expire' }
  /** The sweeper found the hold in an intermediate state for too long (a crash). */
  | { type: 'Resume' };

/** A guarded move: applied only if the hold is still in `from` (see HoldStore.transition). */
export interface Move extends Transition {
  from: HoldStatus;
}

/**
 * The next step for a hold. A step with a `move` starts with that guarded move (the intent),
 * then does its line work on the moved hold and ends with the matching `…Ending` move.
 */
export type HoldStep =
  | { kind: 'nothing' }
  /** Another worker is between two states: try again shortly. */
  | { kind: 'busy' }
  /** A release was asked of a hold that is not HELD. */
  | { kind: 'not-held' }
  /** No hold yet: a tombstone records the event, so the other event finds it whatever order. */
  | { kind: 'create'; hold: HoldRecord; events: ShopEvent[] }
  /** The payment cannot be a sale: InventoryCommitFailed, the hold unchanged. */
  | { kind: 'refuse'; events: ShopEvent[]; handledEventId: string }
  /** A move and nothing else. */
  | { kind: 'mark'; move: Move }
  | { kind: 'commit'; move?: Move }
  | { kind: 'rehold-then-commit'; move?: Move }
  | { kind: 'release'; reason: ReleaseReason; move?: Move }
  | { kind: 'restock'; move?: Move }
  | { kind: 'reshape' };

const NOTHING: HoldStep = { kind: 'nothing' };
const BUSY: HoldStep = { kind: 'busy' };

/** The hold as it is once `move` applied. */
export const moved = (hold: HoldRecord, move: Move): HoldRecord => ({
  ...hold,
  ...move.set,
  status: move.to,
});

const startRelease = (hold: HoldRecord, reason: ReleaseReason, handledEventId?: string) => ({
  kind: 'release' as const,
  reason,
  move: {
    from: hold.status,
    to: 'RELEASING' as const,
    set: { releaseReason: reason },
    ...(handledEventId ? { handledEventId } : {}),
  },
});

/** A release interrupted half-way keeps the reason it was started with. */
const continueRelease = (hold: HoldRecord, reason: ReleaseReason): HoldStep => ({
  kind: 'release',
  reason: hold.releaseReason ?? reason,
});

const tombstone = (orderId: string, status: 'FAILED' | 'RELEASED', now: Date): HoldRecord => ({
  orderId,
  status,
  lines: [],
  previousLines: null,
  releaseReason: status === 'RELEASED' ? 'cancelled' : null,
  commitAfterHold: false,
  generation: 0,
  handledEvents: [],
  expiresAt: now,
  createdAt: now,
  updatedAt: now,
});

const onPayment = (hold: HoldRecord, eventId: string): HoldStep => {
  const { orderId } = hold;
  switch (hold.status) {
    case 'HELD':
      return { kind: 'commit', move: { from: 'HELD', to: 'COMMITTING', handledEventId: eventId } };
    case 'COMMITTING':
      return { kind: 'commit' };
    case 'EXPIRED':
      // A new placement: releases still running for the old one cannot touch its reservations.
      return {
        kind: 'rehold-then-commit',
        move: {
          from: 'EXPIRED',
          to: 'PENDING',
          set: { commitAfterHold: true, generation: hold.generation + 1 },
          handledEventId: eventId,
        },
      };
    case 'PENDING':
      return hold.commitAfterHold ? { kind: 'rehold-then-commit' } : BUSY;
    case 'RELEASED':
    case 'FAILED': {
      const reason = hold.releaseReason === 'cancelled' ? 'order_cancelled' : 'hold_released';
      return { kind: 'refuse', events: [commitFailed(orderId, reason)], handledEventId: eventId };
    }
    case 'COMMITTED':
    case 'RESTOCKING':
    case 'RESTOCKED':
      return NOTHING;
    default:
      return BUSY;
  }
};

const onCancel = (hold: HoldRecord, eventId: string): HoldStep => {
  switch (hold.status) {
    case 'HELD':
      return startRelease(hold, 'cancelled', eventId);
    case 'RELEASING':
      return continueRelease(hold, 'cancelled');
    case 'EXPIRED':
      // Released already; marked cancelled so that a late payment can no longer re-hold it.
      return {
        kind: 'mark',
        move: {
          from: 'EXPIRED',
          to: 'RELEASED',
          set: { releaseReason: 'cancelled' },
          handledEventId: eventId,
        },
      };
    case 'COMMITTED':
      return {
        kind: 'restock',
        move: { from: 'COMMITTED', to: 'RESTOCKING', handledEventId: eventId },
      };
    case 'RESTOCKING':
      return { kind: 'restock' };
    case 'RELEASED':
    case 'RESTOCKED':
    case 'FAILED':
      return NOTHING;
    default:
      return BUSY;
  }
};

const onReleaseRequest = (hold: HoldRecord): HoldStep => {
  switch (hold.status) {
    case 'HELD':
      return startRelease(hold, 'released');
    case 'RELEASING':
      return continueRelease(hold, 'released');
    case 'RELEASED':
    case 'EXPIRED':
      return NOTHING;
    default:
      return { kind: 'not-held' };
  }
};

const onResume = (hold: HoldRecord): HoldStep => {
  switch (hold.status) {
    case 'PENDING':
      // A placement that died is given up; a re-placement for a payment ends EXPIRED.
      return startRelease(hold, hold.commitAfterHold ? 'expired' : 'abandoned');
    case 'RELEASING':
      return continueRelease(hold, 'released');
    case 'COMMITTING':
      return { kind: 'commit' };
    case 'RESTOCKING':
      return { kind: 'restock' };
    case 'REHOLDING':
      return { kind: 'reshape' };
    default:
      return NOTHING;
  }
};

const eventIdOf = (command: HoldCommand) => ('eventId' in command ? command.eventId : undefined);

/** Whether the step would record `eventId`, which the hold has already recorded. */
const alreadyHandled = (hold: HoldRecord, step: HoldStep, eventId: string | undefined) => {
  if (eventId === undefined || !hold.handledEvents.includes(eventId)) return false;
  const records = step.kind === 'refuse' || ('move' in step && step.move?.handledEventId);
  return Boolean(records);
};

const stepFor = (hold: HoldRecord, command: HoldCommand): HoldStep => {
  switch (command.type) {
    case 'PaymentSucceeded':
      return onPayment(hold, command.eventId);
    case 'OrderCancelled':
      return onCancel(hold, command.eventId);
    case 'ReleaseRequested':
      return onReleaseRequest(hold);
    case 'Expire':
      return hold.status === 'HELD' ? startRelease(hold, 'expired') : NOTHING;
    case 'Resume':
      return onResume(hold);
  }
};

/**
 * The hold lifecycle as a pure function: what `command` does to `hold` (null: no hold exists).
 * An event the hold has already acted on is recognised here, so a redelivery changes nothing
 * even when the hold has come back to the status the event found the first time (a late payment
 * that was refused for lack of stock leaves the hold EXPIRED again).
 */
export const decide = (hold: HoldRecord | null, command: HoldCommand, now: Date): HoldStep => {
  if (!hold) {
    switch (command.type) {
      case 'PaymentSucceeded': {
        const { orderId } = command;
        const events = [commitFailed(orderId, 'no_hold')];
        return { kind: 'create', hold: tombstone(orderId, 'FAILED', now), events };
      }
      case 'OrderCancelled':
        return { kind: 'create', hold: tombstone(command.orderId, 'RELEASED', now), events: [] };
      default:
        return NOTHING;
    }
  }
  const step = stepFor(hold, command);
  return alreadyHandled(hold, step, eventIdOf(command)) ? NOTHING : step;
};
