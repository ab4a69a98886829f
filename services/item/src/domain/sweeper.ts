import { INTERMEDIATE_STATES } from './hold-transitions.js';
import { applyOnce, type LifecycleDeps } from './lifecycle.js';
import { takeReservation } from './line-ops.js';
import { claimsReservation, restockFinished } from './markers.js';
import type { HoldRecord } from './model.js';

export interface SweepOptions {
  /** An intermediate state older than this was interrupted by a crash. */
  stuckAfterMs: number;
  /** How long restock markers are kept after the restock (see `finishRestock` in lifecycle.ts). */
  restockRetentionMs?: number;
  batchSize?: number;
}

export interface SweepReport {
  expired: number;
  resumed: number;
  orphansReleased: number;
  /** A query listed a full batch: more may be waiting for the next pass. */
  full: boolean;
}

/**
 * What one step did, and whether its listing was a full batch of which something moved (a batch
 * where nothing moves, every hold busy, would only be listed again at once).
 */
interface Step {
  count: number;
  full: boolean;
}

/**
 * One pass of the hold sweeper: expires HELD holds past their deadline (InventoryReleased,
 * reason `expired`), finishes transitions a crash interrupted, and releases reservations left in
 * item documents by holds that no longer hold them. Every step is idempotent, so two sweepers
 * (two instances) can run at once.
 */
export const sweepHolds = async (
  deps: LifecycleDeps,
  { stuckAfterMs, restockRetentionMs = 86_400_000, batchSize = 100 }: SweepOptions,
): Promise<SweepReport> => {
  const now = deps.now().getTime();
  const stuckBefore = new Date(now - stuckAfterMs);
  const markersBefore = { reservations: stuckBefore, restocks: new Date(now - restockRetentionMs) };
  const expired = await expireOverdue(deps, batchSize);
  const resumed = await resumeInterrupted(deps, stuckBefore, batchSize);
  const orphans = await releaseOrphans(deps, markersBefore, batchSize);
  return {
    expired: expired.count,
    resumed: resumed.count,
    orphansReleased: orphans.count,
    full: expired.full || resumed.full || orphans.full,
  };
};

/** Runs `work`; false when the hold was busy (another worker moved it; the next pass looks again). */
const attempt = async (work: () => Promise<unknown>) => {
  try {
    await work();
    return true;
  } catch {
    return false;
  }
};

const expireOverdue = async (deps: LifecycleDeps, batchSize: number): Promise<Step> => {
  let count = 0;
  const overdue = await deps.holds.expired(deps.now(), batchSize);
  for (const hold of overdue) {
    if (await attempt(() => applyOnce(deps, hold, { type: 'Expire' }))) count += 1;
  }
  return { count, full: overdue.length >= batchSize && count > 0 };
};

/** A PUT interrupted by a crash is run again from a fresh read: it finishes or undoes the move. */
const resume = async (deps: LifecycleDeps, listed: HoldRecord) => {
  const hold = listed.status === 'REHOLDING' ? await deps.holds.find(listed.orderId) : listed;
  if (hold?.status === listed.status) await applyOnce(deps, hold, { type: 'Resume' });
};

// One query for every intermediate state: without a secondary index each query is a scan.
const resumeInterrupted = async (
  deps: LifecycleDeps,
  stuckBefore: Date,
  batchSize: number,
): Promise<Step> => {
  let count = 0;
  const stuck = await deps.holds.stuck(INTERMEDIATE_STATES, stuckBefore, batchSize);
  for (const hold of stuck) {
    if (await attempt(() => resume(deps, hold))) count += 1;
  }
  return { count, full: stuck.length >= batchSize && count > 0 };
};

/**
 * Reservations no hold claims any more, and restock markers whose hold is done. Every live
 * hold's reservations come up on each pass, so their holds are read in one query; a marker that
 * looks orphaned is checked again against a fresh read just before it is dropped.
 */
const releaseOrphans = async (
  deps: LifecycleDeps,
  before: { reservations: Date; restocks: Date },
  batchSize: number,
): Promise<Step> => {
  let count = 0;
  const markers = await deps.items.staleMarkers(before, batchSize);
  const orderIds = [...new Set(markers.map((marker) => marker.orderId))];
  const holds = new Map(
    (await deps.holds.findMany(orderIds)).map((hold) => [hold.orderId, hold] as const),
  );
  for (const { itemId, orderId, kind, generation } of markers) {
    if (kind === 'restock') {
      if (restockFinished(holds.get(orderId)) && restockFinished(await deps.holds.find(orderId)))
        await deps.items.forgetRestock(itemId, orderId);
      continue;
    }
    if (
      claimsReservation(holds.get(orderId), itemId) ||
      claimsReservation(await deps.holds.find(orderId), itemId)
    )
      continue;
    // Guarded by the orphan's generation: a placement made since this read is left alone.
    const options = generation === undefined ? {} : { generation };
    if (await takeReservation(deps.items, itemId, orderId, 'release', deps.now(), options))
      count += 1;
  }
  // Never `full`: every live hold's reservations are listed on each pass, so a full listing
  // says nothing about orphans left over.
  return { count, full: false };
};
