import { describe, expect, it } from 'vitest';
import {
  hashAccountToken,
  newAccountToken,
  redemptionOf,
  type StoredAccountToken,
  tokenExpiry,
} from '../../src/domain/account-tokens.js';

const now = new Date('2030-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const reset = (overrides: Partial<StoredAccountToken> = {}): StoredAccountToken => ({
  accountId: 'a1',
  purpose: 'PASSWORD_RESET',
  expiresAt: at(1800),
  usedAt: null,
  ...overrides,
});

describe('mailed single-use tokens', () => {
  it('when a token is made, then it has 256 random bits and only a SHA-256 hex digest is kept', () => {
    const token = newAccountToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newAccountToken()).not.toBe(token);
    expect(hashAccountToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAccountToken(token)).toBe(hashAccountToken(token));
    expect(hashAccountToken(token)).not.toContain(token);
  });

  it('when the expiry is computed, then it is the lifetime after now', () => {
    expect(tokenExpiry(now, 1800)).toEqual(at(1800));
  });

  it('when an unused token of its purpose is presented before it expires, then it is valid for its account', () => {
    expect(redemptionOf(reset(), 'PASSWORD_RESET', at(1799))).toEqual({
      kind: 'valid',
      accountId: 'a1',
    });
  });

  it('when the token was used, then it is refused as used, even before it expires', () => {
    expect(redemptionOf(reset({ usedAt: at(10) }), 'PASSWORD_RESET', at(20))).toEqual({
      kind: 'used',
    });
  });

  it('when the token reached its expiry, then it is refused as expired', () => {
    expect(redemptionOf(reset(), 'PASSWORD_RESET', at(1800))).toEqual({ kind: 'expired' });
  });

  it('when no token has the hash, then it is unknown', () => {
    expect(redemptionOf(null, 'PASSWORD_RESET', now)).toEqual({ kind: 'unknown' });
  });

  it('when a token of the other purpose is presented, then it is unknown (a verification link resets no password)', () => {
    const verification = reset({ purpose: 'EMAIL_VERIFICATION' });
    expect(redemptionOf(verification, 'PASSWORD_RESET', now)).toEqual({ kind: 'unknown' });
    expect(redemptionOf(reset(), 'EMAIL_VERIFICATION', now)).toEqual({ kind: 'unknown' });
  });
});
