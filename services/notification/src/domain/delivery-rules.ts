import type { NotificationRecord } from './model.js';

/** The delivery's rules, as plain functions of the policy, the notification and the time. */

export interface DeliveryPolicy {
  /** Attempts before a notification is given up as FAILED. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubles with every further one, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claim holds; longer than one send can take, so a live worker never loses it. */
  claimTimeoutMs: number;
}

/** The wait after the `attempts`-th failed attempt: base, 2×base, 4×base, … capped at max. */
export const backoffMs = (policy: DeliveryPolicy, attempts: number) =>
  Math.min(policy.retryBaseMs * 2 ** (attempts - 1), policy.retryMaxMs);

export type FailureVerdict = { kind: 'retry'; retryAt: Date } | { kind: 'give-up' };

/**
 * After a failed attempt (`attemptsBefore` were made before it): give up when it can never
 * succeed (`permanent`, e.g. the mail server refused the address) or it was the last one;
 * otherwise try again after the backoff.
 */
export const afterFailedAttempt = (
  policy: DeliveryPolicy,
  attemptsBefore: number,
  permanent: boolean,
  now: Date,
): FailureVerdict => {
  const attempts = attemptsBefore + 1;
  if (permanent || attempts >= policy.maxAttempts) return { kind: 'give-up' };
  return { kind: 'retry', retryAt: new Date(now.getTime() + backoffMs(policy, attempts)) };
};

/** Until when a claim taken at `now` holds the notification. */
export const claimedUntilOf = (policy: DeliveryPolicy, now: Date) =>
  new Date(now.getTime() + policy.claimTimeoutMs);

/**
 * Whether a stored notification may be claimed at `now`: PENDING, due, and held by no live
 * claim (none, or one whose worker lapsed). The repository's query says the same in MongoDB.
 */
export const isDue = (
  notification: Pick<NotificationRecord, 'status' | 'nextAttemptAt'> & {
    claimedUntil: Date | null;
  },
  now: Date,
) =>
  notification.status === 'PENDING' &&
  notification.nextAttemptAt <= now &&
  (notification.claimedUntil === null || notification.claimedUntil <= now);
