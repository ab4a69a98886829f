/** Login throttling, as plain functions of one subject's failure counter and the time. */

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

/** One subject's failures ('account:<email>' or 'address:<client ip>'). */
export interface FailureWindow {
  /** Failures counted in the window that started at `windowStartedAt`. */
  failures: number;
  windowStartedAt: Date;
  /** Refused until then; null when not blocked. */
  blockedUntil: Date | null;
}

/**
 * The counter after one more failure at `now`. Failures count in a fixed window; one older than
 * the window starts a new one. Reaching the limit blocks the subject for the lockout and starts
 * a new window with nothing counted.
 */
export const countFailure = (
  current: FailureWindow,
  { maxFailures, windowSeconds, lockoutSeconds }: ThrottlePolicy,
  now: Date,
): FailureWindow => {
  const windowOpen = now.getTime() - current.windowStartedAt.getTime() < windowSeconds * 1000;
  const failures = (windowOpen ? current.failures : 0) + 1;
  if (failures >= maxFailures)
    return {
      failures: 0,
      windowStartedAt: now,
      blockedUntil: new Date(now.getTime() + lockoutSeconds * 1000),
    };
  return {
    failures,
    windowStartedAt: windowOpen ? current.windowStartedAt : now,
    blockedUntil: null,
  };
};

/** Seconds until a subject blocked until `blockedUntil` may try again (0: it may now). */
export const retryAfterSeconds = (blockedUntil: Date | null, now: Date) =>
  blockedUntil && blockedUntil > now
    ? Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000)
    : 0;
