import { createHash, randomBytes } from 'node:crypto';
import type { RotationOutcome } from './ports.js';

/** Refresh tokens: what a presented one is worth, as plain functions of its stored state. */

export type RefreshTokenStatus = 'ACTIVE' | 'ROTATED' | 'REVOKED';

/** A refresh token as stored (by its hash): one login's family, rotated on every use. */
export interface StoredRefreshToken {
  familyId: string;
  accountId: string;
  status: RefreshTokenStatus;
  expiresAt: Date;
}

/** Refresh tokens are 256 random bits; only their SHA-256 is stored (fast hash: no guessing). */
export const newRefreshToken = () => randomBytes(32).toString('base64url');
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * What presenting a refresh token leads to: unknown; a reuse when it was already rotated or
 * revoked (someone holds a copy: its whole family is to be revoked); expired; or a rotation
 * into a new token of the same family and account.
 */
export const rotationOf = (current: StoredRefreshToken | null, now: Date): RotationOutcome => {
  if (!current) return { kind: 'unknown' };
  if (current.status !== 'ACTIVE') return { kind: 'reused' };
  if (current.expiresAt <= now) return { kind: 'expired' };
  return { kind: 'rotated', accountId: current.accountId, familyId: current.familyId };
};
