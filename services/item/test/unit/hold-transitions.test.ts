import { HOLD_STATUSES, type HoldStatus } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  CREATED_IN,
  canTransition,
  HOLD_TRANSITIONS,
  IllegalTransitionError,
  INTERMEDIATE_STATES,
  RESERVING_STATES,
} from '../../src/domain/hold-transitions.js';

const exits = (status: HoldStatus): readonly HoldStatus[] => HOLD_TRANSITIONS[status];

/** Every status reachable from `start` through the table. */
const reachableFrom = (start: HoldStatus) => {
  const seen = new Set<HoldStatus>([start]);
  const queue = [start];
  for (let status = queue.shift(); status; status = queue.shift())
    for (const next of exits(status))
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
  return seen;
};

describe('hold transitions table', () => {
  it('when a hold is RELEASED, RESTOCKED or FAILED, then nothing moves it any more', () => {
    for (const final of ['RELEASED', 'RESTOCKED', 'FAILED'] as const)
      expect(exits(final), final).toEqual([]);
  });

  it('when stock was sold (COMMITTING or later), then the hold never goes back to holding or releasing', () => {
    for (const sold of ['COMMITTING', 'COMMITTED', 'RESTOCKING', 'RESTOCKED'] as const) {
      const after = reachableFrom(sold);
      for (const status of ['PENDING', 'HELD', 'REHOLDING', 'RELEASING', 'RELEASED', 'EXPIRED'])
        expect(after.has(status as HoldStatus), `${sold} → ${status}`).toBe(false);
    }
  });

  it('when a hold is released (RELEASED), then no payment can commit it: RELEASED is final', () => {
    expect(reachableFrom('RELEASED')).toEqual(new Set(['RELEASED']));
    expect(canTransition('RELEASED', 'PENDING')).toBe(false);
  });

  it('when a hold expired, then only a late payment (PENDING again) or a cancel (RELEASED) moves it', () => {
    expect([...exits('EXPIRED')].sort()).toEqual(['PENDING', 'RELEASED']);
  });

  it('when a hold is in an intermediate state, then it has a way to a final state (a crash can be finished)', () => {
    for (const status of INTERMEDIATE_STATES) {
      const after = reachableFrom(status);
      const ends = ['RELEASED', 'RESTOCKED', 'COMMITTED', 'EXPIRED', 'HELD'].filter((end) =>
        after.has(end as HoldStatus),
      );
      expect(ends.length, status).toBeGreaterThan(0);
    }
  });

  it('when a hold is placed, then every status of the contract is reachable from PENDING or a tombstone', () => {
    const reachable = new Set(CREATED_IN.flatMap((status) => [...reachableFrom(status)]));
    expect([...reachable].sort()).toEqual([...HOLD_STATUSES].sort());
  });

  it('when the table names a status, then it is one of the contract (both ways)', () => {
    expect(Object.keys(HOLD_TRANSITIONS).sort()).toEqual([...HOLD_STATUSES].sort());
    for (const status of HOLD_STATUSES)
      for (const next of exits(status)) expect(HOLD_STATUSES).toContain(next);
  });

  it('when a hold reserves stock, then it leaves reserving only by selling it (COMMITTED) or giving it back (RELEASED, EXPIRED)', () => {
    const allowed = new Set<HoldStatus>([...RESERVING_STATES, 'COMMITTED', 'RELEASED', 'EXPIRED']);
    for (const status of RESERVING_STATES)
      for (const next of exits(status)) expect(allowed.has(next), `${status} → ${next}`).toBe(true);
    expect(exits('COMMITTING')).toEqual(['COMMITTED']);
  });

  it('when a move is outside the table, then assertTransition refuses it as a bug', () => {
    expect(() => assertTransition('COMMITTED', 'HELD')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('RESTOCKED', 'RESTOCKING')).toThrow(/RESTOCKED to RESTOCKING/);
    expect(() => assertTransition('HELD', 'COMMITTING')).not.toThrow();
  });
});
