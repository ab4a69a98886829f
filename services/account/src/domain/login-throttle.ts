import { createHmac } from 'node:crypto';
import { TooManyRequestsError } from '@shop/platform/errors';
import { normalizeEmail } from './model.js';
import type { LoginAttemptRepository } from './ports.js';
import { admitAttempt, releaseAttempt, settleFailure, type ThrottlePolicy } from './throttle.js';

export interface LoginThrottle {
  attempts: LoginAttemptRepository;
  perAccount: ThrottlePolicy;
  perAddress: ThrottlePolicy;
  /**
   * Keys the hash that names unknown emails and client addresses, so the counters never hold a
   * string an attacker chose (nor anyone's address) and cannot be looked up without the secret.
   */
  subjectSecret: string;
}

/** The two counters one login attempt is held to. */
export interface ThrottleSubjects {
  account: string;
  address: string;
}

export const keyedHash = (secret: string, kind: string, value: string) =>
  createHmac('sha256', secret).update(`${kind}\n${value}`).digest('hex');

/**
 * A known account is counted by its id; an unknown email by a keyed hash of its normalized form,
 * so that guessing at it is throttled just the same (a 429 tells nothing about existence).
 */
export const throttleSubjects = (
  secret: string,
  accountId: string | null,
  email: string,
  clientAddress: string,
): ThrottleSubjects => ({
  account: accountId
    ? `account:${accountId}`
    : `email:${keyedHash(secret, 'email', normalizeEmail(email))}`,
  address: `address:${keyedHash(secret, 'address', clientAddress)}`,
});

const refuse = (retryAfterSeconds: number) =>
  new TooManyRequestsError('Too many failed logins; try again later', retryAfterSeconds);

/**
 * Counts the attempt against the client address and then the account, each atomically, before
 * any password is checked; throws 429 when either is at its limit. An attempt refused for the
 * account gives its address count back: no password was tried.
 */
export const admitLogin = async (
  throttle: LoginThrottle,
  subjects: ThrottleSubjects,
  now: Date,
) => {
  const { attempts } = throttle;
  const address = await attempts.change(subjects.address, now, (current) =>
    admitAttempt(current, throttle.perAddress, now),
  );
  if (!address.admitted) throw refuse(address.retryAfterSeconds);
  const account = await attempts.change(subjects.account, now, (current) =>
    admitAttempt(current, throttle.perAccount, now),
  );
  if (!account.admitted) {
    await attempts.change(subjects.address, now, releaseAttempt);
    throw refuse(account.retryAfterSeconds);
  }
};

/** The admitted attempt had a wrong password: it stays counted on both, which may block them. */
export const loginFailed = async (
  throttle: LoginThrottle,
  subjects: ThrottleSubjects,
  now: Date,
) => {
  await throttle.attempts.change(subjects.account, now, (current) =>
    settleFailure(current, throttle.perAccount, now),
  );
  await throttle.attempts.change(subjects.address, now, (current) =>
    settleFailure(current, throttle.perAddress, now),
  );
};

/**
 * The password was right: the account starts counting again, and the address gets this attempt
 * back (clients behind one NAT are limited by their failures, not their logins).
 */
export const loginSucceeded = async (
  throttle: LoginThrottle,
  subjects: ThrottleSubjects,
  now: Date,
) => {
  await throttle.attempts.clear(subjects.account);
  await throttle.attempts.change(subjects.address, now, releaseAttempt);
};
