import { describe, expect, it } from 'vitest';
import {
  commitEnding,
  reholdEnding,
  releaseEnding,
  reshapeEnding,
  restockEnding,
} from '../../src/domain/hold-endings.js';
import { canTransition } from '../../src/domain/hold-transitions.js';
import { holdIn } from './hold-fixtures.js';

const short = [{ itemId: '00000000-0000-4000-8000-00000000000a', requested: 2, available: 1 }];
const eventsOf = (move: { events?: { type: string; data: unknown }[] } | 'delete') =>
  move === 'delete' ? [] : (move.events ?? []).map((event) => [event.type, event.data]);

describe('how each step ends', () => {
  it('when a commit has taken every line, then COMMITTED with InventoryCommitted of the lines', () => {
    const hold = holdIn('COMMITTING', { commitAfterHold: true });
    const ending = commitEnding(hold);
    expect(ending).toMatchObject({
      from: 'COMMITTING',
      to: 'COMMITTED',
      set: { commitAfterHold: false },
    });
    expect(eventsOf(ending)).toEqual([['InventoryCommitted', { lines: hold.lines }]]);
  });

  it('when a re-hold for a late payment got every line, then it goes on to COMMITTING, announcing nothing yet', () => {
    expect(reholdEnding(holdIn('PENDING', { commitAfterHold: true }), [])).toEqual({
      from: 'PENDING',
      to: 'COMMITTING',
    });
  });

  it('when a re-hold for a late payment is short, then EXPIRED again with InventoryCommitFailed naming the short lines', () => {
    const ending = reholdEnding(holdIn('PENDING', { commitAfterHold: true }), short);
    expect(ending).toMatchObject({ to: 'EXPIRED', set: { commitAfterHold: false } });
    expect(eventsOf(ending)).toEqual([
      ['InventoryCommitFailed', { reason: 'insufficient_stock', shortLines: short }],
    ]);
  });

  it.each([
    ['cancelled', 'RELEASED'],
    ['released', 'RELEASED'],
    ['expired', 'EXPIRED'],
  ] as const)(
    'when a release (%s) has given every line back, then %s with InventoryReleased from HELD',
    (reason, to) => {
      const hold = holdIn('RELEASING', { releaseReason: reason });
      const ending = releaseEnding(hold, reason);
      expect(ending).toMatchObject({ from: 'RELEASING', to });
      expect(eventsOf(ending)).toEqual([
        ['InventoryReleased', { reason, from: 'HELD', lines: hold.lines }],
      ]);
    },
  );

  it('when a re-hold for a late payment is released, then the payment is answered: InventoryCommitFailed interrupted', () => {
    const ending = releaseEnding(holdIn('RELEASING', { commitAfterHold: true }), 'expired');
    expect(ending).toMatchObject({ to: 'EXPIRED', set: { commitAfterHold: false } });
    expect(eventsOf(ending)).toEqual([
      ['InventoryCommitFailed', { reason: 'interrupted', shortLines: [] }],
    ]);
  });

  it('when a placement the sweeper gave up on is released, then the hold is deleted: nobody learnt of it', () => {
    expect(releaseEnding(holdIn('RELEASING'), 'abandoned')).toBe('delete');
  });

  it('when a restock has put every line back, then RESTOCKED with InventoryReleased from COMMITTED', () => {
    const hold = holdIn('RESTOCKING');
    const ending = restockEnding(hold);
    expect(ending).toMatchObject({ from: 'RESTOCKING', to: 'RESTOCKED' });
    expect(eventsOf(ending)).toEqual([
      ['InventoryReleased', { reason: 'cancelled', from: 'COMMITTED', lines: hold.lines }],
    ]);
  });

  it('when a line change moved every line, then HELD with the new lines; when one was short, with the old ones', () => {
    const previousLines = [{ itemId: '00000000-0000-4000-8000-00000000000c', quantity: 5 }];
    const hold = holdIn('REHOLDING', { previousLines });
    expect(reshapeEnding(hold, [])).toMatchObject({
      to: 'HELD',
      set: { lines: hold.lines, previousLines: null },
    });
    expect(reshapeEnding(hold, short)).toMatchObject({ set: { lines: previousLines } });
  });

  it('when any step ends, then its move is in the transitions table', () => {
    const endings = [
      commitEnding(holdIn('COMMITTING')),
      reholdEnding(holdIn('PENDING'), []),
      reholdEnding(holdIn('PENDING'), short),
      restockEnding(holdIn('RESTOCKING')),
      reshapeEnding(holdIn('REHOLDING'), []),
      ...(['cancelled', 'released', 'expired'] as const).map(
        (reason) =>
          releaseEnding(holdIn('RELEASING'), reason) as Exclude<
            ReturnType<typeof releaseEnding>,
            'delete'
          >,
      ),
    ];
    for (const ending of endings) expect(canTransition(ending.from, ending.to)).toBe(true);
  });
});
