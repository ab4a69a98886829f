import { createEvent, type HoldLine, type ShopEvent, type ShortLine } from '@shop/contracts';
import { crashPoint } from '@shop/platform/crash-points';
import { TransientError } from '@shop/platform/failures';
import { commitAll, releaseAll, reserveAll, restockAll } from './line-ops.js';
import type { HoldRecord } from './model.js';
import type { HoldStore, ItemStore } from './ports.js';

export interface LifecycleDeps {
  items: ItemStore;
  holds: HoldStore;
  now: () => Date;
  wakeOutbox: () => void;
}

/** The hold is between two states (another worker is moving it): try again shortly. */
export class HoldBusyError extends TransientError {
  constructor(orderId: string, status: string) {
    super(`hold of order ${orderId} is ${status}; retry later`);
  }
}

const committed = (orderId: string, lines: HoldLine[]) =>
  createEvent('InventoryCommitted', { orderId, source: 'item-service', data: { lines } });
const commitFailed = (orderId: string, reason: string, shortLines: ShortLine[] = []) =>
  createEvent('InventoryCommitFailed', {
    orderId,
    source: 'item-service',
    data: { reason, shortLines },
  });
const released = (orderId: string, reason: string, from: 'HELD' | 'COMMITTED', lines: HoldLine[]) =>
  createEvent('InventoryReleased', {
    orderId,
    source: 'item-service',
    data: { reason, from, lines },
  });

const finishCommit = async (deps: LifecycleDeps, hold: HoldRecord) => {
  await commitAll(deps.items, hold.orderId, hold.lines, deps.now());
  await deps.holds.transition(
    hold.orderId,
    'COMMITTING',
    {
      to: 'COMMITTED',
      set: { commitAfterHold: false },
      events: [committed(hold.orderId, hold.lines)],
    },
    deps.now(),
  );
  deps.wakeOutbox();
};

/** A payment arrived after the hold expired: hold the lines again, then commit them. */
const rehold = async (deps: LifecycleDeps, hold: HoldRecord) => {
  const short = await reserveAll(deps.items, hold, hold.lines, deps.now());
  if (short.length > 0) {
    await deps.holds.transition(
      hold.orderId,
      'PENDING',
      {
        to: 'EXPIRED',
        set: { commitAfterHold: false },
        events: [commitFailed(hold.orderId, 'insufficient_stock', short)],
      },
      deps.now(),
    );
    deps.wakeOutbox();
    return;
  }
  if (await deps.holds.transition(hold.orderId, 'PENDING', { to: 'COMMITTING' }, deps.now())) {
    await finishCommit(deps, { ...hold, status: 'COMMITTING' });
  }
};

/**
 * PaymentSucceeded: commit the hold (onHand −= q, reserved −= q) → InventoryCommitted. A hold
 * that expired is re-held first, and InventoryCommitFailed names the short lines if stock is
 * gone. A hold released because the order was cancelled is never committed, whatever order
 * the two events arrive in.
 */
export const commitOnPayment = async (deps: LifecycleDeps, event: ShopEvent): Promise<void> => {
  const { orderId, eventId } = event;
  const hold = await deps.holds.find(orderId);
  if (!hold) {
    await deps.holds.insert(tombstone(orderId, 'FAILED', deps.now()), [
      commitFailed(orderId, 'no_hold'),
    ]);
    deps.wakeOutbox();
    return;
  }
  switch (hold.status) {
    case 'HELD':
      if (
        !(await deps.holds.transition(
          orderId,
          'HELD',
          { to: 'COMMITTING', handledEventId: eventId },
          deps.now(),
        ))
      ) {
        return await commitOnPayment(deps, event);
      }
      return await finishCommit(deps, hold);
    case 'COMMITTING':
      return await finishCommit(deps, hold);
    case 'EXPIRED': {
      // A new placement: releases still running for the old one cannot touch its reservations.
      const generation = hold.generation + 1;
      const change = {
        to: 'PENDING' as const,
        set: { commitAfterHold: true, generation },
        handledEventId: eventId,
      };
      if (!(await deps.holds.transition(orderId, 'EXPIRED', change, deps.now())))
        return await commitOnPayment(deps, event);
      return await rehold(deps, { ...hold, generation });
    }
    case 'PENDING':
      if (hold.commitAfterHold) return await rehold(deps, hold);
      throw new HoldBusyError(orderId, hold.status);
    case 'RELEASED':
    case 'FAILED': {
      const reason = hold.releaseReason === 'cancelled' ? 'order_cancelled' : 'hold_released';
      if (
        await deps.holds.appendEvents(orderId, [commitFailed(orderId, reason)], eventId, deps.now())
      ) {
        deps.wakeOutbox();
      }
      return;
    }
    case 'COMMITTED':
    case 'RESTOCKING':
    case 'RESTOCKED':
      return;
    default:
      throw new HoldBusyError(orderId, hold.status);
  }
};

/**
 * HELD (or RELEASING after a crash) → RELEASED / EXPIRED, with InventoryReleased. A PENDING hold
 * given up by the sweeper ('abandoned') is deleted instead: nobody ever learnt of it.
 */
export const releaseHeld = async (
  deps: LifecycleDeps,
  hold: HoldRecord,
  reason: string,
  handledEventId?: string,
) => {
  const { orderId } = hold;
  if (hold.status !== 'RELEASING') {
    const change = {
      to: 'RELEASING' as const,
      set: { releaseReason: reason },
      ...(handledEventId ? { handledEventId } : {}),
    };
    if (!(await deps.holds.transition(orderId, hold.status, change, deps.now())))
      throw new HoldBusyError(orderId, hold.status);
  }
  const why = hold.status === 'RELEASING' ? (hold.releaseReason ?? reason) : reason;
  await releaseAll(deps.items, hold, hold.lines, deps.now());
  if (why === 'abandoned') return await deps.holds.deleteAbandoned(orderId);
  const events = hold.commitAfterHold
    ? [commitFailed(orderId, 'interrupted')]
    : [released(orderId, why, 'HELD', hold.lines)];
  const to = why === 'expired' ? 'EXPIRED' : 'RELEASED';
  await deps.holds.transition(
    orderId,
    'RELEASING',
    { to, set: { commitAfterHold: false }, events },
    deps.now(),
  );
  deps.wakeOutbox();
};

/**
 * Puts a COMMITTED hold's stock back. Each line's restock is guarded by a per-order marker in the
 * item document, so two workers (a redelivered OrderCancelled, a sweeper, another replica) put
 * it back once. The markers outlive RESTOCKED: the sweeper forgets them only after the restock
 * retention, long after any worker that read the hold as RESTOCKING can still be acting on it.
 */
const restock = async (deps: LifecycleDeps, hold: HoldRecord) => {
  const [first, ...rest] = hold.lines;
  if (first) await deps.items.restock(first.itemId, hold.orderId, first.quantity, deps.now());
  crashPoint('item.mid-restock');
  await restockAll(deps.items, hold.orderId, rest, deps.now());
  const done = await deps.holds.transition(
    hold.orderId,
    'RESTOCKING',
    { to: 'RESTOCKED', events: [released(hold.orderId, 'cancelled', 'COMMITTED', hold.lines)] },
    deps.now(),
  );
  if (done) deps.wakeOutbox();
};

/**
 * OrderCancelled: release a HELD hold, or put COMMITTED stock back on hand → InventoryReleased.
 * An expired hold is marked cancelled so a late payment can no longer re-hold it.
 */
export const cancelOnOrderCancelled = async (
  deps: LifecycleDeps,
  event: ShopEvent,
): Promise<void> => {
  const { orderId, eventId } = event;
  const hold = await deps.holds.find(orderId);
  if (!hold) {
    await deps.holds.insert({
      ...tombstone(orderId, 'RELEASED', deps.now()),
      releaseReason: 'cancelled',
    });
    return;
  }
  switch (hold.status) {
    case 'HELD':
    case 'RELEASING':
      return await releaseHeld(deps, hold, 'cancelled', eventId);
    case 'EXPIRED': {
      const change = {
        to: 'RELEASED' as const,
        set: { releaseReason: 'cancelled' },
        handledEventId: eventId,
      };
      if (!(await deps.holds.transition(orderId, 'EXPIRED', change, deps.now()))) {
        return await cancelOnOrderCancelled(deps, event);
      }
      return;
    }
    case 'COMMITTED':
      if (
        !(await deps.holds.transition(
          orderId,
          'COMMITTED',
          { to: 'RESTOCKING', handledEventId: eventId },
          deps.now(),
        ))
      ) {
        return await cancelOnOrderCancelled(deps, event);
      }
      return await restock(deps, hold);
    case 'RESTOCKING':
      return await restock(deps, hold);
    case 'RELEASED':
    case 'RESTOCKED':
    case 'FAILED':
      return;
    default:
      throw new HoldBusyError(orderId, hold.status);
  }
};

/** Finishes what a crash interrupted: every intermediate state moves on to a final one. */
export const resumeStuck = async (deps: LifecycleDeps, hold: HoldRecord) => {
  switch (hold.status) {
    case 'PENDING':
      return await releaseHeld(deps, hold, hold.commitAfterHold ? 'expired' : 'abandoned');
    case 'RELEASING':
      return await releaseHeld(deps, hold, hold.releaseReason ?? 'released');
    case 'COMMITTING':
      return await finishCommit(deps, hold);
    case 'RESTOCKING':
      return await restock(deps, hold);
    default:
      return;
  }
};

const tombstone = (orderId: string, status: 'FAILED' | 'RELEASED', now: Date): HoldRecord => ({
  orderId,
  status,
  lines: [],
  previousLines: null,
  releaseReason: null,
  commitAfterHold: false,
  generation: 0,
  expiresAt: now,
  createdAt: now,
  updatedAt: now,
});
