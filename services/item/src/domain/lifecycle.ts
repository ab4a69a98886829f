import type { HoldLine, ShortLine } from '@shop/contracts';
import { crashPoint } from '@shop/platform/crash-points';
import { TransientError } from '@shop/platform/failures';
import {
  commitEnding,
  reholdEnding,
  releaseEnding,
  reshapeEnding,
  restockEnding,
} from './hold-endings.js';
import { decide, type HoldCommand, type HoldStep, type Move, moved } from './hold-machine.js';
import { assertTransition } from './hold-transitions.js';
import { commitAll, releaseAll, reserveAll, reshape, restockAll } from './line-ops.js';
import type { HoldRecord, ReleaseReason } from './model.js';
import type { HoldStore, ItemStore } from './ports.js';

export interface LifecycleDeps {
  items: ItemStore;
  holds: HoldStore;
  now: () => Date;
}

/** The hold is between two states (another worker is moving it): try again shortly. */
export class HoldBusyError extends TransientError {
  constructor(orderId: string, status: string) {
    super(`hold of order ${orderId} is ${status}; retry later`);
  }
}

/** Applies a guarded move of the table (hold-transitions.ts); false when the guard failed. */
export const move = async (
  deps: LifecycleDeps,
  orderId: string,
  { from, ...change }: Move,
  now = deps.now(),
) => {
  assertTransition(from, change.to);
  return await deps.holds.transition(orderId, from, change, now);
};

const finishCommit = async (deps: LifecycleDeps, hold: HoldRecord) => {
  await commitAll(deps.items, hold.orderId, hold.lines, deps.now());
  await move(deps, hold.orderId, commitEnding(hold));
};

/** A payment arrived after the hold expired: hold the lines again, then commit them. */
const reholdThenCommit = async (deps: LifecycleDeps, hold: HoldRecord) => {
  const short = await reserveAll(deps.items, hold, hold.lines, deps.now());
  const ending = reholdEnding(hold, short);
  if ((await move(deps, hold.orderId, ending)) && ending.to === 'COMMITTING')
    await finishCommit(deps, moved(hold, ending));
};

/** Releases the lines of a RELEASING hold (of its placement only), then ends the release. */
const finishRelease = async (deps: LifecycleDeps, hold: HoldRecord, reason: ReleaseReason) => {
  await releaseAll(deps.items, hold, hold.lines, deps.now());
  const ending = releaseEnding(hold, reason);
  if (ending === 'delete') await deps.holds.deleteAbandoned(hold.orderId);
  else await move(deps, hold.orderId, ending);
};

/**
 * Puts a COMMITTED hold's stock back. Each line's restock is guarded by a per-order marker in the
 * item document, so two workers (a redelivered OrderCancelled, a sweeper, another replica) put
 * it back once. The markers outlive RESTOCKED: the sweeper forgets them only after the restock
 * retention, long after any worker that read the hold as RESTOCKING can still be acting on it.
 */
const finishRestock = async (deps: LifecycleDeps, hold: HoldRecord) => {
  const [first, ...rest] = hold.lines;
  if (first) await deps.items.restockOnce(first.itemId, hold.orderId, first.quantity, deps.now());
  crashPoint('item.mid-restock');
  await restockAll(deps.items, hold.orderId, rest, deps.now());
  await move(deps, hold.orderId, restockEnding(hold));
};

/**
 * Moves the reservations of a REHOLDING hold from its previous lines to its lines, then ends it
 * HELD (with the old lines if one was short). Returns the short lines.
 */
export const finishReshape = async (
  deps: LifecycleDeps,
  hold: HoldRecord,
): Promise<ShortLine[]> => {
  const from: HoldLine[] | null = hold.previousLines;
  if (!from) return [];
  const short = await reshape(deps.items, hold, from, hold.lines, deps.now());
  await move(deps, hold.orderId, reshapeEnding(hold, short));
  return short;
};

type WorkStep = Extract<
  HoldStep,
  { kind: 'commit' | 'rehold-then-commit' | 'release' | 'restock' | 'reshape' }
>;

const work = async (deps: LifecycleDeps, hold: HoldRecord, step: WorkStep) => {
  switch (step.kind) {
    case 'commit':
      return await finishCommit(deps, hold);
    case 'rehold-then-commit':
      return await reholdThenCommit(deps, hold);
    case 'release':
      return await finishRelease(deps, hold, step.reason);
    case 'restock':
      return await finishRestock(deps, hold);
    case 'reshape':
      return await finishReshape(deps, hold);
  }
};

/**
 * What running a step came to: `lost` when its first guarded write found the hold changed by
 * another worker since it was read (the step was decided on an old read).
 */
export type StepOutcome = 'done' | 'lost' | 'not-held';

/** Runs one step of hold-machine.ts against the stores. */
export const runStep = async (
  deps: LifecycleDeps,
  orderId: string,
  hold: HoldRecord | null,
  step: HoldStep,
): Promise<StepOutcome> => {
  switch (step.kind) {
    case 'nothing':
      return 'done';
    case 'busy':
      throw new HoldBusyError(orderId, hold?.status ?? 'changing');
    case 'not-held':
      return 'not-held';
    case 'create':
      return (await deps.holds.insert(step.hold, step.events)) ? 'done' : 'lost';
    case 'refuse':
      await deps.holds.appendEvents(orderId, step.events, step.handledEventId, deps.now());
      return 'done';
    case 'mark':
      return (await move(deps, orderId, step.move)) ? 'done' : 'lost';
    default: {
      // decide() answers a missing hold with `create` or `nothing`: work on none is a bug.
      if (!hold) throw new Error(`a ${step.kind} step for order ${orderId}, which has no hold`);
      const start = 'move' in step ? step.move : undefined;
      if (start && !(await move(deps, orderId, start))) return 'lost';
      await work(deps, start ? moved(hold, start) : hold, step);
      return 'done';
    }
  }
};

/**
 * Applies `command` to the hold as read in `hold`, once: a step lost to another worker is
 * reported busy (the sweeper looks again on its next pass, a request is answered 503).
 */
export const applyOnce = async (deps: LifecycleDeps, hold: HoldRecord, command: HoldCommand) => {
  const outcome = await runStep(deps, hold.orderId, hold, decide(hold, command, deps.now()));
  if (outcome === 'lost') throw new HoldBusyError(hold.orderId, hold.status);
  return outcome;
};

/** How many times an event is decided again on a fresh read before it is left to a retry. */
const DECISIONS_PER_DELIVERY = 5;

/**
 * Applies a saga event to the order's hold. A step lost to another worker was decided on an old
 * read: the hold is read again and the event decided again (the status guard and the recorded
 * event ids make every attempt safe); after a few, the event is retried later (busy).
 */
export const applyEvent = async (
  deps: LifecycleDeps,
  command: Extract<HoldCommand, { orderId: string }>,
) => {
  for (let attempt = 0; attempt < DECISIONS_PER_DELIVERY; attempt += 1) {
    const hold = await deps.holds.find(command.orderId);
    const outcome = await runStep(deps, command.orderId, hold, decide(hold, command, deps.now()));
    if (outcome !== 'lost') return;
  }
  throw new HoldBusyError(command.orderId, 'changing');
};
