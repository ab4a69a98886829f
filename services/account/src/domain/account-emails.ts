import { type AccountEventType, createAccountEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { NotFoundError, TooManyRequestsError } from '@shop/platform/errors';
import {
  type AccountTokenPurpose,
  hashAccountToken,
  newAccountToken,
  redemptionOf,
  tokenExpiry,
} from './account-tokens.js';
import { EmailAlreadyVerifiedError, InvalidAccountTokenError } from './errors.js';
import { keyedHash } from './login-throttle.js';
import { type AccountRecord, normalizeEmail } from './model.js';
import type {
  AccountRepository,
  AccountTokenRepository,
  IssuedToken,
  LoginAttemptRepository,
  PasswordHasher,
} from './ports.js';
import { admitAttempt, type ThrottlePolicy } from './throttle.js';

/** Password reset and email verification: tokens mailed through notification-service. */
export interface AccountEmailDeps {
  accounts: AccountRepository;
  tokens: AccountTokenRepository;
  hasher: PasswordHasher;
  now: () => Date;
  ttlSeconds: { passwordReset: number; emailVerification: number };
  /** Requests counted like login attempts (the same counters table), never released. */
  throttle: {
    attempts: LoginAttemptRepository;
    subjectSecret: string;
    /** Emails per address asked for: over it, a request is accepted and nothing is sent. */
    perEmail: ThrottlePolicy;
    /** Requests per client address: over it, 429. */
    perAddress: ThrottlePolicy;
  };
  /** Publish soon: called right after a token and its event were stored. */
  wakeOutbox: () => void;
}

const EVENT_OF: Record<AccountTokenPurpose, AccountEventType> = {
  PASSWORD_RESET: 'PasswordResetRequested',
  EMAIL_VERIFICATION: 'EmailVerificationRequested',
};

/**
 * A new token for the account: its hash to store, and the event that carries the raw token to
 * notification-service. The raw token exists nowhere else (never returned, never logged).
 */
export const issueToken = (
  account: Pick<AccountRecord, 'id' | 'email' | 'name'>,
  purpose: AccountTokenPurpose,
  ttlSeconds: number,
  now: Date,
): IssuedToken => {
  const token = newAccountToken();
  const expiresAt = tokenExpiry(now, ttlSeconds);
  return {
    tokenHash: hashAccountToken(token),
    accountId: account.id,
    purpose,
    expiresAt,
    event: createAccountEvent(EVENT_OF[purpose], {
      accountId: account.id,
      occurredAt: now,
      data: { email: account.email, name: account.name, token, expiresAt: expiresAt.toISOString() },
    }),
  };
};

/** Counts one request of `subject`; whether it was within the policy. */
const admitted = async (deps: AccountEmailDeps, subject: string, policy: ThrottlePolicy) =>
  await deps.throttle.attempts.change(subject, deps.now(), (current) =>
    admitAttempt(current, policy, deps.now()),
  );

/**
 * `POST /auth/password-reset`: mails a reset link if the email names an account. The answer is
 * the same (202) for any email, so it tells nothing about which accounts exist; too many
 * requests from one client address get 429, and too many for one email are accepted but send
 * nothing more (no mail bombing, still nothing to learn).
 */
export const requestPasswordReset = async (
  deps: AccountEmailDeps,
  email: string,
  clientAddress: string,
) => {
  const { subjectSecret } = deps.throttle;
  const byAddress = await admitted(
    deps,
    `reset-address:${keyedHash(subjectSecret, 'address', clientAddress)}`,
    deps.throttle.perAddress,
  );
  if (!byAddress.admitted)
    throw new TooManyRequestsError(
      'Too many password reset requests; try again later',
      byAddress.retryAfterSeconds,
    );
  const byEmail = await admitted(
    deps,
    `reset-email:${keyedHash(subjectSecret, 'email', normalizeEmail(email))}`,
    deps.throttle.perEmail,
  );
  const account = byEmail.admitted ? await deps.accounts.findByEmail(email) : null;
  if (!account) return;
  const now = deps.now();
  await deps.tokens.issue(
    issueToken(account, 'PASSWORD_RESET', deps.ttlSeconds.passwordReset, now),
    now,
  );
  deps.wakeOutbox();
};

/**
 * `POST /auth/password-reset/confirm`: a valid token sets the password and revokes every token
 * of the account. The token is checked before argon2 runs (a bad one costs no hashing) and
 * again under its row lock, so of two confirmations with one token only one succeeds.
 */
export const confirmPasswordReset = async (
  deps: AccountEmailDeps,
  token: string,
  password: string,
) => {
  const tokenHash = hashAccountToken(token);
  const decide = (stored: Parameters<typeof redemptionOf>[0]) =>
    redemptionOf(stored, 'PASSWORD_RESET', deps.now());
  if (decide(await deps.tokens.find(tokenHash)).kind !== 'valid')
    throw new InvalidAccountTokenError();
  const passwordHash = await deps.hasher.hash(password);
  const outcome = await deps.tokens.resetPassword(tokenHash, passwordHash, deps.now(), decide);
  if (outcome.kind !== 'valid') throw new InvalidAccountTokenError();
};

/** `POST /auth/verify-email`: a valid verification token marks its account's email verified. */
export const verifyEmail = async (deps: AccountEmailDeps, token: string) => {
  const outcome = await deps.tokens.verifyEmail(hashAccountToken(token), deps.now(), (stored) =>
    redemptionOf(stored, 'EMAIL_VERIFICATION', deps.now()),
  );
  if (outcome.kind !== 'valid') throw new InvalidAccountTokenError();
};

/**
 * `POST /accounts/me/verification-email`: a new verification link for the caller (the earlier
 * ones stop working); counted per account like a reset request per email, 429 over the limit.
 */
export const resendVerificationEmail = async (deps: AccountEmailDeps, caller: Caller) => {
  const account = caller.role === 'SERVICE' ? null : await deps.accounts.findById(caller.id);
  if (!account) throw new NotFoundError(`No account ${caller.id}`);
  if (account.emailVerifiedAt) throw new EmailAlreadyVerifiedError();
  const counted = await admitted(deps, `verify-account:${account.id}`, deps.throttle.perEmail);
  if (!counted.admitted)
    throw new TooManyRequestsError(
      'Too many verification emails asked for; try again later',
      counted.retryAfterSeconds,
    );
  const now = deps.now();
  await deps.tokens.issue(
    issueToken(account, 'EMAIL_VERIFICATION', deps.ttlSeconds.emailVerification, now),
    now,
  );
  deps.wakeOutbox();
};
