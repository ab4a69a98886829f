import type { AuditOptions } from './checks.js';

const seconds = (env: Record<string, string | undefined>, name: string, fallback: number) => {
  const raw = env[name]?.trim();
  if (!raw) return fallback * 1000;
  if (!/^\d+$/.test(raw))
    throw new Error(`${name} must be a whole number of seconds, not '${raw}'`);
  return Number(raw) * 1000;
};

/**
 * `make audit`'s thresholds from the environment, in seconds: AUDIT_GRACE_SECONDS (PAID orders,
 * COMMITTING holds, PROCESSING payments, carts of completed orders; 60),
 * AUDIT_DEADLINE_GRACE_SECONDS (unpaid orders past their deadline; 60),
 * AUDIT_OUTBOX_GRACE_SECONDS (unpublished outbox events; 60: twice the outbox relays' safety poll).
 */
export const auditOptionsFromEnv = (
  env: Record<string, string | undefined> = process.env,
): AuditOptions => ({
  inFlightGraceMs: seconds(env, 'AUDIT_GRACE_SECONDS', 60),
  deadlineGraceMs: seconds(env, 'AUDIT_DEADLINE_GRACE_SECONDS', 60),
  outboxGraceMs: seconds(env, 'AUDIT_OUTBOX_GRACE_SECONDS', 60),
});
