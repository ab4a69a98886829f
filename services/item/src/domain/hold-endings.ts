import type { ShortLine } from '@shop/contracts';
import type { Move } from './hold-machine.js';
import { commitFailed, committed, released } from './inventory-events.js';
import type { HoldRecord, ReleaseReason } from './model.js';

/**
 * How each step of the hold lifecycle ends once its lines are done: the second guarded move,
 * with the events it announces (written in the same update, see HoldStore.transition).
 */

export const commitEnding = (hold: HoldRecord): Move => ({
  from: 'COMMITTING',
  to: 'COMMITTED',
  set: { commitAfterHold: false },
  events: [committed(hold.orderId, hold.lines)],
});

/** After re-reserving for a late payment: commit, or refuse with the short lines. */
export const reholdEnding = (hold: HoldRecord, short: ShortLine[]): Move =>
  short.length > 0
    ? {
        from: 'PENDING',
        to: 'EXPIRED',
        set: { commitAfterHold: false },
        events: [commitFailed(hold.orderId, 'insufficient_stock', short)],
      }
    : { from: 'PENDING', to: 'COMMITTING' };

/**
 * After the lines of a RELEASING hold are released. A placement given up by the sweeper
 * (`abandoned`) is deleted instead: nobody ever learnt of it. A re-placement for a late payment
 * answers that payment (InventoryCommitFailed `interrupted`) instead of announcing a release.
 */
export const releaseEnding = (hold: HoldRecord, reason: ReleaseReason): Move | 'delete' => {
  if (reason === 'abandoned') return 'delete';
  return {
    from: 'RELEASING',
    to: reason === 'expired' ? 'EXPIRED' : 'RELEASED',
    set: { commitAfterHold: false },
    events: hold.commitAfterHold
      ? [commitFailed(hold.orderId, 'interrupted')]
      : [released(hold.orderId, reason, 'HELD', hold.lines)],
  };
};

export const restockEnding = (hold: HoldRecord): Move => ({
  from: 'RESTOCKING',
  to: 'RESTOCKED',
  events: [released(hold.orderId, 'cancelled', 'COMMITTED', hold.lines)],
});

/** After a line change (PUT): the new lines, or the old ones if a line was short. */
export const reshapeEnding = (hold: HoldRecord, short: ShortLine[]): Move => ({
  from: 'REHOLDING',
  to: 'HELD',
  set: {
    lines: short.length > 0 && hold.previousLines ? hold.previousLines : hold.lines,
    previousLines: null,
  },
});
