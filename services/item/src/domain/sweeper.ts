import type { HoldStatus } from '@shop/contracts';
import { type LifecycleDeps, releaseHeld, resumeStuck } from './lifecycle.js';
import { reshape } from './line-ops.js';
import { type HoldRecord, RESERVING_STATES } from './model.js';

export interface SweepOptions {
  /** An intermediate state older than this was interrupted by a crash. */
  stuckAfterMs: number;
  /** How long restock markers are kept after the restock (see `restock` in lifecycle.ts). */
  restockRetentionMs?: number;
  batchSize?: number;
}

export interface SweepReport {
  expired: number;
  resumed: number;
  orphansReleased: number;
}

const INTERMEDIATE: HoldStatus[] = [
  'PENDING',
  'REHOLDING',
  'COMMITTING',
  'RELEASING',
  'RESTOCKING',
];

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
  return {
    expired: await expireOverdue(deps, batchSize),
    resumed: await resumeInterrupted(deps, stuckBefore, batchSize),
    orphansReleased: await releaseOrphans(deps, markersBefore, batchSize),
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

const expireOverdue = async (deps: LifecycleDeps, batchSize: number) => {
  let count = 0;
  for (const hold of await deps.holds.expired(deps.now(), batchSize)) {
    if (await attempt(() => releaseHeld(deps, hold, 'expired'))) count += 1;
  }
  return count;
};

// One query for every intermediate state: without a secondary index each query is a scan.
const resumeInterrupted = async (deps: LifecycleDeps, stuckBefore: Date, batchSize: number) => {
  let count = 0;
  for (const hold of await deps.holds.stuck(INTERMEDIATE, stuckBefore, batchSize)) {
    const work =
      hold.status === 'REHOLDING'
        ? () => finishReholding(deps, hold.orderId)
        : () => resumeStuck(deps, hold);
    if (await attempt(work)) count += 1;
  }
  return count;
};

/** Whether `hold` still holds a reservation on `itemId` (lines of a move count as well). */
const claims = (hold: HoldRecord | null | undefined, itemId: string) =>
  !!hold &&
  RESERVING_STATES.includes(hold.status) &&
  [...hold.lines, ...(hold.previousLines ?? [])].some((line) => line.itemId === itemId);

const restockDone = (hold: HoldRecord | null | undefined) => !hold || hold.status === 'RESTOCKED';

/**
 * Reservations no hold claims any more, and restock markers whose hold is done. Every live
 * hold's reservations come up on each pass, so their holds are read in one query; a marker that
 * looks orphaned is checked again against a fresh read just before it is dropped.
 */
const releaseOrphans = async (
  deps: LifecycleDeps,
  before: { reservations: Date; restocks: Date },
  batchSize: number,
) => {
  let count = 0;
  const markers = await deps.items.staleMarkers(before, batchSize);
  const orderIds = [...new Set(markers.map((marker) => marker.orderId))];
  const holds = new Map(
    (await deps.holds.findMany(orderIds)).map((hold) => [hold.orderId, hold] as const),
  );
  for (const { itemId, orderId, kind, generation } of markers) {
    if (kind === 'restock') {
      if (restockDone(holds.get(orderId)) && restockDone(await deps.holds.find(orderId)))
        await deps.items.forgetRestock(itemId, orderId);
      continue;
    }
    if (claims(holds.get(orderId), itemId) || claims(await deps.holds.find(orderId), itemId))
      continue;
    // Guarded by the orphan's generation: a placement made since this read is left alone.
    if (await deps.items.release(itemId, orderId, deps.now(), generation)) count += 1;
  }
  return count;
};

/** A PUT interrupted by a crash: run the move again, which finishes or undoes it. */
const finishReholding = async (deps: LifecycleDeps, orderId: string) => {
  const hold = await deps.holds.find(orderId);
  if (hold?.status !== 'REHOLDING' || !hold.previousLines) return;
  const short = await reshape(deps.items, hold, hold.previousLines, hold.lines, deps.now());
  const lines = short.length > 0 ? hold.previousLines : hold.lines;
  await deps.holds.transition(
    orderId,
    'REHOLDING',
    { to: 'HELD', set: { lines, previousLines: null } },
    deps.now(),
  );
};
