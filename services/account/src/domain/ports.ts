import type { AccountEvent, Role } from '@shop/contracts';
import type { AccountTokenPurpose, Redemption, StoredAccountToken } from './account-tokens.js';
import type { AccountChanges, AccountRecord } from './model.js';
import type { StoredRefreshToken } from './refresh-tokens.js';
import type { AttemptWindow, CounterChange } from './throttle.js';

export interface AccountRepository {
  /**
   * Throws EmailTakenError when the normalized email exists. With `verification`, its token
   * and email event are stored in the same transaction as the account.
   */
  insert(account: AccountRecord, verification?: IssuedToken): Promise<void>;
  findById(id: string): Promise<AccountRecord | null>;
  findByEmail(email: string): Promise<AccountRecord | null>;
  /** Applies the changes; `revokeTokens` also bumps the token version. Returns the new state. */
  update(
    id: string,
    changes: AccountChanges,
    options: { revokeTokens: boolean; now: Date },
  ): Promise<AccountRecord | null>;
  /** By email, after `after` (an email_normalized), at most `limit` (data/account-search.ts). */
  search(search: AccountSearch): Promise<AccountRecord[]>;
  tokenVersionOf(id: string): Promise<number | null>;
  /** Accounts whose tokens were ever revoked and that changed at or after `since`. */
  revokedSince(since: Date): Promise<{ id: string; tokenVersion: number; changedAt: Date }[]>;
}

/** Accounts whose email or name starts with `q`, of `role`, by email from after `after`. */
export interface AccountSearch {
  q?: string | undefined;
  role?: 'CUSTOMER' | 'ADMIN' | undefined;
  limit: number;
  after: string | null;
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
   * In one transaction: locks the presented token (so two refreshes with one token run one
   * after the other), asks `decide` what it is worth, and applies that: `rotated` retires it
   * and stores `replacement` in the same family and account; `reused` revokes its whole family;
   * `unknown` and `expired` change nothing. Returns the decision.
   */
  rotate(
    presentedHash: string,
    replacement: Omit<NewRefreshToken, 'familyId' | 'accountId'>,
    now: Date,
    decide: (current: StoredRefreshToken | null) => RotationOutcome,
  ): Promise<RotationOutcome>;
  revokeFamilyOf(tokenHash: string): Promise<void>;
  revokeAllOf(accountId: string): Promise<void>;
}

export interface LoginAttemptRepository {
  /**
   * In one transaction: locks the subject's counter (a fresh one, nothing counted in a window
   * starting `now`, if it has none), stores the `next` that `decide` returns and returns its
   * `outcome`. Concurrent changes of one subject run one after the other.
   */
  change<T>(
    subject: string,
    now: Date,
    decide: (current: AttemptWindow) => CounterChange<T>,
  ): Promise<T>;
  clear(subject: string): Promise<void>;
}

/** A new single-use token (its hash) with the event that mails the raw token to its owner. */
export interface IssuedToken {
  tokenHash: string;
  accountId: string;
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  event: AccountEvent;
}

type Decide = (stored: StoredAccountToken | null) => Redemption;

export interface AccountTokenRepository {
  /** Stores the token and its event in one transaction; earlier unused ones of its purpose stop working. */
  issue(token: IssuedToken, now: Date): Promise<void>;
  /** A read without a lock, to refuse a bad token before hashing a password. */
  find(tokenHash: string): Promise<StoredAccountToken | null>;
  /**
   * In one transaction: locks the token, asks `decide`, and if valid spends it, sets the
   * password hash, moves the token version on and revokes every refresh token.
   */
  resetPassword(
    tokenHash: string,
    passwordHash: string,
    now: Date,
    decide: Decide,
  ): Promise<Redemption>;
  /** In one transaction: locks the token, asks `decide`, and if valid spends it and marks the email verified. */
  verifyEmail(tokenHash: string, now: Date, decide: Decide): Promise<Redemption>;
}
