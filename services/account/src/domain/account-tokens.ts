import { createHash, randomBytes } from 'node:crypto';

/**
 * Single-use tokens mailed to an account's owner (password reset, email verification), as
 * plain rules over their stored state. Like refresh tokens they are 256 random bits of which
 * only the SHA-256 is stored: a fast hash is enough for a value nobody can guess, and a
 * database dump holds nothing that works.
 */

export type AccountTokenPurpose = 'PASSWORD_RESET' | 'EMAIL_VERIFICATION';

/** A token as stored, by its hash. */
export interface StoredAccountToken {
  accountId: string;
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
}

/** What presenting a token is worth; every refusal gets the same answer (`InvalidTokenError`). */
export type Redemption =
  | { kind: 'valid'; accountId: string }
  | { kind: 'unknown' | 'used' | 'expired' };

export const newAccountToken = () => randomBytes(32).toString('base64url');
export const hashAccountToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const tokenExpiry = (now: Date, ttlSeconds: number) =>
  new Date(now.getTime() + ttlSeconds * 1000);

/**
 * A token is good once, for its own purpose, until it expires. A token of the other purpose is
 * unknown here: a verification link never resets a password.
 */
export const redemptionOf = (
  stored: StoredAccountToken | null,
  purpose: AccountTokenPurpose,
  now: Date,
): Redemption => {
  if (!stored || stored.purpose !== purpose) return { kind: 'unknown' };
  if (stored.usedAt) return { kind: 'used' };
  if (stored.expiresAt <= now) return { kind: 'expired' };
  return { kind: 'valid', accountId: stored.accountId };
};
