import { describe, expect, it } from 'vitest';
import {
  afterFailedAttempt,
  backoffMs,
  claimedUntilOf,
  isDue,
} from '../../src/domain/delivery-rules.js';

const policy = { maxAttempts: 5, retryBaseMs: 1_000, retryMaxMs: 6_000, claimTimeoutMs: 30_000 };
const now = new Date('2030-01-01T10:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('delivery retry rules', () => {
  it('when attempts keep failing, then the wait doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => backoffMs(policy, attempts))).toEqual([
      1_000, 2_000, 4_000, 6_000, 6_000,
    ]);
  });

  it('when an attempt fails before the last one, then the notification is retried after the backoff', () => {
    expect(afterFailedAttempt(policy, 0, false, now)).toEqual({
      kind: 'retry',
      retryAt: later(1_000),
    });
    expect(afterFailedAttempt(policy, 2, false, now)).toEqual({
      kind: 'retry',
      retryAt: later(4_000),
    });
  });

  it('when the last attempt fails, then delivery gives up', () => {
    expect(afterFailedAttempt(policy, 3, false, now).kind).toBe('retry');
    expect(afterFailedAttempt(policy, 4, false, now)).toEqual({ kind: 'give-up' });
  });

  it('when a failure can never pass, then delivery gives up at the first attempt', () => {
    expect(afterFailedAttempt(policy, 0, true, now)).toEqual({ kind: 'give-up' });
  });

  it('when a claim is taken, then it holds for the claim timeout', () => {
    expect(claimedUntilOf(policy, now)).toEqual(later(30_000));
  });

  it.each([
    [
      'PENDING and due, never claimed',
      { status: 'PENDING', nextAttemptAt: now, claimedUntil: null },
      true,
    ],
    [
      'PENDING, its claim lapsed',
      { status: 'PENDING', nextAttemptAt: now, claimedUntil: now },
      true,
    ],
    [
      'PENDING, not due yet',
      { status: 'PENDING', nextAttemptAt: later(1), claimedUntil: null },
      false,
    ],
    [
      'PENDING, claimed by a live worker',
      { status: 'PENDING', nextAttemptAt: now, claimedUntil: later(1) },
      false,
    ],
    ['SENT', { status: 'SENT', nextAttemptAt: now, claimedUntil: null }, false],
    ['FAILED', { status: 'FAILED', nextAttemptAt: now, claimedUntil: null }, false],
  ] as const)('when a notification is %s, then due is %s', (_what, notification, due) => {
    expect(isDue(notification, now)).toBe(due);
  });
});
