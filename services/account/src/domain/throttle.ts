/**
 * Login throttling, as plain functions of one subject's counter and the time. An attempt is
 * counted when it is admitted, before the password is checked, so that a parallel burst is cut at
 * the limit: the counter holds the failures of the window plus the attempts still running.
 */

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

/** One subject's counter (an account, or a client address; see `throttleSubjects`). */
export interface AttemptWindow {
  /** Failures and still-running attempts counted in the window that started at `windowStartedAt`. */
  attempts: number;
  windowStartedAt: Date;
  /** Refused until then; null when not blocked. */
  blockedUntil: Date | null;
}

/** What `decide` returns to the repository: the counter to store, and what to answer. */
export interface CounterChange<T> {
  next: AttemptWindow;
  outcome: T;
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

const seconds = (from: Date, to: Date) => Math.ceil((to.getTime() - from.getTime()) / 1000);

/** Seconds until a subject blocked until `blockedUntil` may try again (0: it may now). */
export const retryAfterSeconds = (blockedUntil: Date | null, now: Date) =>
  blockedUntil && blockedUntil > now ? seconds(now, blockedUntil) : 0;

/**
 * Counts one more attempt at `now` if the subject may try: not blocked, and fewer than the limit
 * counted in its window (a window older than `windowSeconds` starts again). A refusal changes
 * nothing.
 */
export const admitAttempt = (
  current: AttemptWindow,
  { maxFailures, windowSeconds }: ThrottlePolicy,
  now: Date,
): CounterChange<Admission> => {
  const blocked = retryAfterSeconds(current.blockedUntil, now);
  if (blocked > 0)
    return { next: current, outcome: { admitted: false, retryAfterSeconds: blocked } };
  const windowEnd = new Date(current.windowStartedAt.getTime() + windowSeconds * 1000);
  const window: AttemptWindow =
    now < windowEnd ? current : { attempts: 0, windowStartedAt: now, blockedUntil: null };
  if (window.attempts >= maxFailures)
    // Only attempts still running fill an unblocked window: it frees up when they end.
    return {
      next: current,
      outcome: { admitted: false, retryAfterSeconds: Math.max(1, seconds(now, windowEnd)) },
    };
  return { next: { ...window, attempts: window.attempts + 1 }, outcome: { admitted: true } };
};

/**
 * An admitted attempt failed: it stays counted. Once the window holds the limit, the subject is
 * blocked for the lockout and a new window starts with nothing counted.
 */
export const settleFailure = (
  current: AttemptWindow,
  { maxFailures, lockoutSeconds }: ThrottlePolicy,
  now: Date,
): CounterChange<void> => {
  if (current.attempts < maxFailures) return { next: current, outcome: undefined };
  return {
    next: {
      attempts: 0,
      windowStartedAt: now,
      blockedUntil: new Date(now.getTime() + lockoutSeconds * 1000),
    },
    outcome: undefined,
  };
};

/** An admitted attempt that was no password guess (it succeeded, or was refused elsewhere). */
export const releaseAttempt = (current: AttemptWindow): CounterChange<void> => ({
  next: { ...current, attempts: Math.max(0, current.attempts - 1) },
  outcome: undefined,
});
