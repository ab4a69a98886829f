import type { HoldStatus } from '@shop/contracts';
import { type LifecycleDeps, releaseHeld, resumeStuck } from './lifecycle.js';
import { reshape } from './line-ops.js';
import { RESERVING_STATES } from './model.js';

export interface SweepOptions {
  /** An intermediate state older than this was interrupted by a crash. */
  stuckAfterMs: number;
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
  { stuckAfterMs, batchSize = 100 }: SweepOptions,
): Promise<SweepReport> => {
  const stuckBefore = new Date(deps.now().getTime() - stuckAfterMs);
  return {
    expired: await expireOverdue(deps, batchSize),
    resumed: await resumeInterrupted(deps, stuckBefore, batchSize),
    orphansReleased: await releaseOrphans(deps, stuckBefore, batchSize),
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

/** Reservations no hold claims any more, and restock markers whose hold is done. */
const releaseOrphans = async (deps: LifecycleDeps, stuckBefore: Date, batchSize: number) => {
  let count = 0;
  for (const marker of await deps.items.staleMarkers(stuckBefore, batchSize)) {
    const hold = await deps.holds.find(marker.orderId);
    if (marker.kind === 'restock') {
      if (!hold || hold.status === 'RESTOCKED')
        await deps.items.forgetRestock(marker.itemId, marker.orderId);
      continue;
    }
    const lines =
      hold && RESERVING_STATES.includes(hold.status)
        ? [...hold.lines, ...(hold.previousLines ?? [])]
        : [];
    const claimed = lines.some((line) => line.itemId === marker.itemId);
    if (!claimed && (await deps.items.release(marker.itemId, marker.orderId, deps.now())))
      count += 1;
  }
  return count;
};

/** A PUT interrupted by a crash: run the move again, which finishes or undoes it. */
const finishReholding = async (deps: LifecycleDeps, orderId: string) => {
  const hold = await deps.holds.find(orderId);
  if (hold?.status !== 'REHOLDING' || !hold.previousLines) return;
  const short = await reshape(deps.items, orderId, hold.previousLines, hold.lines, deps.now());
  const lines = short.length > 0 ? hold.previousLines : hold.lines;
  await deps.holds.transition(
    orderId,
    'REHOLDING',
    { to: 'HELD', set: { lines, previousLines: null } },
    deps.now(),
  );
};
