import type { Role } from '@shop/contracts';
import type { AccountChanges, AccountRecord } from './model.js';

export interface AccountRepository {
  /** Throws EmailTakenError when the normalized email exists. */
  insert(account: AccountRecord): Promise<void>;
  findById(id: string): Promise<AccountRecord | null>;
  findByEmail(email: string): Promise<AccountRecord | null>;
  /** Applies the changes; `revokeTokens` also bumps the token version. Returns the new state. */
  update(
    id: string,
    changes: AccountChanges,
    options: { revokeTokens: boolean; now: Date },
  ): Promise<AccountRecord | null>;
  tokenVersionOf(id: string): Promise<number | null>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verification; used when the email is unknown. */
  verifyAgainstDummy(password: string): Promise<void>;
}

export interface AccessTokenRequest {
  subject: string;
  role: Role;
  tokenVersion: number;
  ttlSeconds: number;
}

export interface TokenSigner {
  sign(request: AccessTokenRequest): string;
}

export type RotationOutcome =
  | { kind: 'rotated'; accountId: string; familyId: string }
  | { kind: 'reused' | 'unknown' | 'expired' };

export interface NewRefreshToken {
  tokenHash: string;
  familyId: string;
  accountId: string;
  expiresAt: Date;
}

export interface RefreshTokenRepository {
  insert(token: NewRefreshToken, now: Date): Promise<void>;
  /**
   * Atomically retires the presented token and stores its replacement in the same family.
   * A presented token that was already rotated or revoked is a reuse: its whole family is
   * revoked (someone holds a stolen copy) and `reused` is returned.
   */
  rotate(
    presentedHash: string,
    replacement: Omit<NewRefreshToken, 'familyId' | 'accountId'>,
    now: Date,
  ): Promise<RotationOutcome>;
  revokeFamilyOf(tokenHash: string): Promise<void>;
  revokeAllOf(accountId: string): Promise<void>;
}

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export interface LoginAttemptRepository {
  /** Seconds until every one of `subjects` may try again; 0 when none is blocked. */
  blockedFor(subjects: string[], now: Date): Promise<number>;
  recordFailure(subject: string, policy: ThrottlePolicy, now: Date): Promise<void>;
  clear(subject: string): Promise<void>;
}
