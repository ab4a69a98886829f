import { HOLD_STATUSES, type HoldStatus } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { decide, type HoldCommand, type HoldStep } from '../../src/domain/hold-machine.js';
import { canTransition } from '../../src/domain/hold-transitions.js';
import type { HoldRecord } from '../../src/domain/model.js';
import { holdIn, NOW } from './hold-fixtures.js';

const eventId = crypto.randomUUID();
const paid = (hold: HoldRecord): HoldCommand => ({
  type: 'PaymentSucceeded',
  orderId: hold.orderId,
  eventId,
});
const cancelled = (hold: HoldRecord): HoldCommand => ({
  type: 'OrderCancelled',
  orderId: hold.orderId,
  eventId,
});
/** The step, with its move reduced to "FROM→TO" and its events to their types and data. */
const summary = (step: HoldStep) => ({
  kind: step.kind,
  ...('move' in step && step.move ? { move: `${step.move.from}→${step.move.to}` } : {}),
  ...('reason' in step ? { reason: step.reason } : {}),
  ...('events' in step ? { events: step.events.map((e) => [e.type, e.data]) } : {}),
});

describe('PaymentSucceeded', () => {
  it.each([
    ['HELD', {}, { kind: 'commit', move: 'HELD→COMMITTING' }],
    ['COMMITTING', {}, { kind: 'commit' }],
    ['EXPIRED', {}, { kind: 'rehold-then-commit', move: 'EXPIRED→PENDING' }],
    ['PENDING', { commitAfterHold: true }, { kind: 'rehold-then-commit' }],
    ['PENDING', {}, { kind: 'busy' }],
    ['REHOLDING', {}, { kind: 'busy' }],
    ['RELEASING', {}, { kind: 'busy' }],
    ['COMMITTED', {}, { kind: 'nothing' }],
    ['RESTOCKING', {}, { kind: 'nothing' }],
    ['RESTOCKED', {}, { kind: 'nothing' }],
  ] as const)('when the hold is %s %o, then the step is %o', (status, overrides, expected) => {
    expect(summary(decide(holdIn(status, overrides), paid(holdIn(status)), NOW))).toEqual(expected);
  });

  it('when the hold is HELD, then the commit starts by recording the payment event', () => {
    const step = decide(holdIn('HELD'), paid(holdIn('HELD')), NOW);
    expect(step).toMatchObject({ move: { handledEventId: eventId } });
  });

  it('when the hold expired, then it is placed again as a new generation that commits once held', () => {
    const hold = holdIn('EXPIRED', { generation: 2 });
    expect(decide(hold, paid(hold), NOW)).toMatchObject({
      move: { set: { generation: 3, commitAfterHold: true }, handledEventId: eventId },
    });
  });

  it.each([
    ['RELEASED', 'cancelled', 'order_cancelled'],
    ['RELEASED', 'released', 'hold_released'],
    ['RELEASED', 'expired', 'hold_released'],
    ['FAILED', null, 'hold_released'],
  ] as const)(
    'when the hold is %s (%s), then the payment is refused: InventoryCommitFailed %s',
    (status, releaseReason, reason) => {
      const hold = holdIn(status, { releaseReason });
      const step = decide(hold, paid(hold), NOW);
      expect(summary(step)).toEqual({
        kind: 'refuse',
        events: [['InventoryCommitFailed', { reason, shortLines: [] }]],
      });
      expect(step).toMatchObject({ handledEventId: eventId });
    },
  );

  it('when no hold exists, then a FAILED tombstone answers InventoryCommitFailed no_hold', () => {
    const orderId = crypto.randomUUID();
    const step = decide(null, { type: 'PaymentSucceeded', orderId, eventId }, NOW);
    expect(summary(step)).toEqual({
      kind: 'create',
      events: [['InventoryCommitFailed', { reason: 'no_hold', shortLines: [] }]],
    });
    expect(step).toMatchObject({ hold: { orderId, status: 'FAILED', lines: [] } });
  });

  it('when the payment was already acted on (a refused re-hold left the hold EXPIRED), then its redelivery does nothing', () => {
    const hold = holdIn('EXPIRED', { handledEvents: [eventId], generation: 1 });
    expect(decide(hold, paid(hold), NOW)).toEqual({ kind: 'nothing' });
    const other = { ...paid(hold), eventId: crypto.randomUUID() };
    expect(decide(hold, other, NOW).kind).toBe('rehold-then-commit');
  });

  it('when a refused payment comes again, then nothing more is appended', () => {
    const hold = holdIn('RELEASED', { releaseReason: 'cancelled', handledEvents: [eventId] });
    expect(decide(hold, paid(hold), NOW)).toEqual({ kind: 'nothing' });
  });
});

describe('OrderCancelled', () => {
  it.each([
    ['HELD', {}, { kind: 'release', reason: 'cancelled', move: 'HELD→RELEASING' }],
    ['RELEASING', { releaseReason: 'expired' }, { kind: 'release', reason: 'expired' }],
    ['RELEASING', { releaseReason: null }, { kind: 'release', reason: 'cancelled' }],
    ['EXPIRED', {}, { kind: 'mark', move: 'EXPIRED→RELEASED' }],
    ['COMMITTED', {}, { kind: 'restock', move: 'COMMITTED→RESTOCKING' }],
    ['RESTOCKING', {}, { kind: 'restock' }],
    ['RELEASED', {}, { kind: 'nothing' }],
    ['RESTOCKED', {}, { kind: 'nothing' }],
    ['FAILED', {}, { kind: 'nothing' }],
    ['PENDING', {}, { kind: 'busy' }],
    ['REHOLDING', {}, { kind: 'busy' }],
    ['COMMITTING', {}, { kind: 'busy' }],
  ] as const)('when the hold is %s %o, then the step is %o', (status, overrides, expected) => {
    const hold = holdIn(status, overrides);
    expect(summary(decide(hold, cancelled(hold), NOW))).toEqual(expected);
  });

  it('when an expired hold is cancelled, then it is marked cancelled so that no payment can re-hold it', () => {
    const hold = holdIn('EXPIRED');
    expect(decide(hold, cancelled(hold), NOW)).toMatchObject({
      move: { set: { releaseReason: 'cancelled' }, handledEventId: eventId },
    });
  });

  it('when no hold exists yet, then a RELEASED tombstone (cancelled) is left for the payment to find', () => {
    const orderId = crypto.randomUUID();
    const step = decide(null, { type: 'OrderCancelled', orderId, eventId }, NOW);
    expect(step).toMatchObject({
      kind: 'create',
      hold: { orderId, status: 'RELEASED', releaseReason: 'cancelled' },
      events: [],
    });
  });
});

describe('requests and the sweeper', () => {
  it.each([
    ['HELD', {}, { kind: 'release', reason: 'released', move: 'HELD→RELEASING' }],
    ['RELEASING', { releaseReason: 'cancelled' }, { kind: 'release', reason: 'cancelled' }],
    ['RELEASED', {}, { kind: 'nothing' }],
    ['EXPIRED', {}, { kind: 'nothing' }],
    ['COMMITTED', {}, { kind: 'not-held' }],
    ['PENDING', {}, { kind: 'not-held' }],
  ] as const)(
    'when a release is requested of a %s hold %o, then the step is %o',
    (status, overrides, expected) => {
      expect(summary(decide(holdIn(status, overrides), { type: 'ReleaseRequested' }, NOW))).toEqual(
        expected,
      );
    },
  );

  it('when a HELD hold is past its deadline, then it is released as expired; any other hold is left alone', () => {
    expect(summary(decide(holdIn('HELD'), { type: 'Expire' }, NOW))).toEqual({
      kind: 'release',
      reason: 'expired',
      move: 'HELD→RELEASING',
    });
    for (const status of HOLD_STATUSES.filter((s) => s !== 'HELD'))
      expect(decide(holdIn(status), { type: 'Expire' }, NOW).kind, status).toBe('nothing');
  });

  it.each([
    ['PENDING', {}, { kind: 'release', reason: 'abandoned', move: 'PENDING→RELEASING' }],
    [
      'PENDING',
      { commitAfterHold: true },
      { kind: 'release', reason: 'expired', move: 'PENDING→RELEASING' },
    ],
    ['RELEASING', { releaseReason: 'cancelled' }, { kind: 'release', reason: 'cancelled' }],
    ['RELEASING', { releaseReason: null }, { kind: 'release', reason: 'released' }],
    ['COMMITTING', {}, { kind: 'commit' }],
    ['RESTOCKING', {}, { kind: 'restock' }],
    ['REHOLDING', {}, { kind: 'reshape' }],
    ['HELD', {}, { kind: 'nothing' }],
    ['COMMITTED', {}, { kind: 'nothing' }],
  ] as const)(
    'when a %s hold %o was interrupted, then resuming it is %o',
    (status, overrides, expected) => {
      expect(summary(decide(holdIn(status, overrides), { type: 'Resume' }, NOW))).toEqual(expected);
    },
  );
});

/** Every (hold, command) pair: each status, with the flags that change decisions. */
const everyCase = () =>
  (HOLD_STATUSES as readonly HoldStatus[]).flatMap((status) =>
    [
      {},
      { commitAfterHold: true },
      { releaseReason: 'cancelled' as const },
      { previousLines: [] },
    ].flatMap((overrides) => {
      const hold = holdIn(status, overrides);
      const commands: HoldCommand[] = [
        paid(hold),
        cancelled(hold),
        { type: 'ReleaseRequested' },
        { type: 'Expire' },
        { type: 'Resume' },
      ];
      return commands.map((command) => ({ hold, command }));
    }),
  );

describe('every decision against the table', () => {
  it('when any command meets a hold in any status, then the move it starts with is in the transitions table', () => {
    for (const { hold, command } of everyCase()) {
      const step = decide(hold, command, NOW);
      const move = 'move' in step ? step.move : undefined;
      if (!move) continue;
      const what = `${hold.status} ${command.type} → ${move.to}`;
      expect(move.from, what).toBe(hold.status);
      expect(canTransition(move.from, move.to), what).toBe(true);
    }
  });
});
