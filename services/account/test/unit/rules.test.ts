import { describe, expect, it } from 'vitest';
import { isAccessRevoked } from '../../src/domain/accounts.js';
import { rotationOf, type StoredRefreshToken } from '../../src/domain/refresh-tokens.js';
import {
  type AttemptWindow,
  admitAttempt,
  releaseAttempt,
  retryAfterSeconds,
  settleFailure,
} from '../../src/domain/throttle.js';

const now = new Date('2030-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const policy = { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 300 };
const fresh: AttemptWindow = { attempts: 0, windowStartedAt: now, blockedUntil: null };
const counted = (attempts: number, windowStartedAt = now): AttemptWindow => ({
  attempts,
  windowStartedAt,
  blockedUntil: null,
});

describe('login throttling', () => {
  it('when attempts stay under the limit within the window, then each is admitted and counted', () => {
    const once = admitAttempt(fresh, policy, now);
    const twice = admitAttempt(once.next, policy, at(30));
    expect(twice).toEqual({ next: counted(2), outcome: { admitted: true } });
  });

  it('when the limit is counted (failures or attempts still running), then the next is refused until the window ends and nothing changes', () => {
    const full = counted(3);
    expect(admitAttempt(full, policy, at(20))).toEqual({
      next: full,
      outcome: { admitted: false, retryAfterSeconds: 40 },
    });
  });

  it('when an attempt comes after the window, then a new window starts with it', () => {
    expect(admitAttempt(counted(3), policy, at(60))).toEqual({
      next: counted(1, at(60)),
      outcome: { admitted: true },
    });
  });

  it('when a failure settles with the limit counted, then the subject is blocked for the lockout and the count starts again', () => {
    expect(settleFailure(counted(2), policy, at(5)).next).toEqual(counted(2));
    expect(settleFailure(counted(3), policy, at(5)).next).toEqual({
      attempts: 0,
      windowStartedAt: at(5),
      blockedUntil: at(305),
    });
  });

  it('when a subject is blocked, then it is refused with the seconds left, and admitted once they passed', () => {
    const blocked = { attempts: 0, windowStartedAt: now, blockedUntil: at(300) };
    expect(admitAttempt(blocked, policy, at(100)).outcome).toEqual({
      admitted: false,
      retryAfterSeconds: 200,
    });
    expect(admitAttempt(blocked, policy, at(300)).outcome).toEqual({ admitted: true });
  });

  it('when an attempt is released, then it is no longer counted, and a count never goes below 0', () => {
    expect(releaseAttempt(counted(2)).next).toEqual(counted(1));
    expect(releaseAttempt(fresh).next).toEqual(fresh);
  });

  it('when a subject is blocked, then Retry-After is the whole seconds left, and 0 once it passed', () => {
    expect(retryAfterSeconds(at(300), now)).toBe(300);
    expect(retryAfterSeconds(at(0.2), now)).toBe(1);
    expect(retryAfterSeconds(now, now)).toBe(0);
    expect(retryAfterSeconds(at(-5), now)).toBe(0);
    expect(retryAfterSeconds(null, now)).toBe(0);
  });
});

describe('refresh token rotation', () => {
  const token = (overrides: Partial<StoredRefreshToken> = {}): StoredRefreshToken => ({
    familyId: 'family-1',
    accountId: 'account-1',
    status: 'ACTIVE',
    expiresAt: at(60),
    ...overrides,
  });

  it('when an active token is presented before it expires, then it rotates within its family', () => {
    expect(rotationOf(token(), now)).toEqual({
      kind: 'rotated',
      accountId: 'account-1',
      familyId: 'family-1',
    });
  });

  it('when a rotated or revoked token is presented, then it is a reuse', () => {
    expect(rotationOf(token({ status: 'ROTATED' }), now)).toEqual({ kind: 'reused' });
    expect(rotationOf(token({ status: 'REVOKED' }), now)).toEqual({ kind: 'reused' });
  });

  it('when an active token has expired, or the token is unknown, then it is refused as such', () => {
    expect(rotationOf(token({ expiresAt: now }), now)).toEqual({ kind: 'expired' });
    expect(rotationOf(null, now)).toEqual({ kind: 'unknown' });
  });
});

describe('access token versions', () => {
  const versions = (current: number | null) => ({ tokenVersionOf: async () => current });

  it('when the account is still at the token version, then the token stands; once it moved on or the account is gone, it is revoked', async () => {
    const caller = { id: 'account-1', role: 'CUSTOMER' as const, tokenVersion: 2 };
    expect(await isAccessRevoked(versions(2), caller)).toBe(false);
    expect(await isAccessRevoked(versions(3), caller)).toBe(true);
    expect(await isAccessRevoked(versions(null), caller)).toBe(true);
  });

  it('when a SERVICE token is checked, then no account is asked and it stands', async () => {
    const asked: string[] = [];
    const accounts = {
      tokenVersionOf: async (id: string) => {
        asked.push(id);
        return null;
      },
    };
    expect(
      await isAccessRevoked(accounts, { id: 'order-service', role: 'SERVICE', tokenVersion: 0 }),
    ).toBe(false);
    expect(asked).toEqual([]);
  });
});
