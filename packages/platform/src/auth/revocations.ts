import { createHash } from 'node:crypto';
import { TokenRevocations } from '@shop/contracts';
import type { Caller } from '../caller.js';
import { type BaseUrls, upstreams } from '../upstreams.js';

/** One read of account-service's revocation list, changes at or after `since` when given. */
export type RevocationSource = (since: string | undefined) => Promise<TokenRevocations>;

/** How account-service names an account in its public revocation list. */
export const subjectHashOf = (accountId: string) =>
  createHash('sha256').update(accountId).digest('base64url');

export interface RevocationListOptions {
  source: RevocationSource;
  /** Between two reads: how late a revocation may reach this service. */
  pollIntervalMs?: number | undefined;
  /**
   * How long a revocation is remembered after it was last read: at least the longest access
   * token lifetime (ACCESS_TOKEN_TTL_SECONDS is at most 900 s), after which every token it
   * revoked has expired anyway.
   */
  retentionMs?: number | undefined;
  /** Each read asks from this long before the previous answer (clock skew, slow commits). */
  overlapMs?: number | undefined;
  now?: () => number;
  /** Told of the first failed read of a streak, and of the first success after it. */
  onFailure?: (error: unknown) => void;
  onRecovery?: () => void;
}

export interface RevocationList {
  /** Whether the caller's token is older than its account's current token version. */
  isRevoked(caller: Caller): Promise<boolean>;
  /** One read now (the timer's reads share it). */
  sync(): Promise<void>;
  /** Reads now, then every `pollIntervalMs`; never keeps the process alive. */
  start(): void;
  stop(): void;
}

/**
 * The revocations every service enforces, kept in memory and refreshed by polling
 * account-service (`GET /api/v1/auth/revocations`). Why a polled list and not a call per
 * request: a request never waits for, nor fails with, account-service; the check is a map
 * look-up. What happens under failure:
 * - account-service down: the list keeps what it knew, so tokens already known revoked stay
 *   refused (fail closed for them) and every other token is accepted on its signature; a new
 *   revocation needs account-service (the password change happens there), so none is missed
 *   unless only the path from this service to account-service is broken, and that is logged;
 * - a service (re)started while account-service is down has no list yet: it accepts tokens
 *   revoked in the last access-token lifetime until its first read succeeds (logged). Refusing
 *   every customer instead would turn an account-service outage into a whole-shop outage.
 */
export const revocationList = ({
  source,
  pollIntervalMs = 2_000,
  retentionMs = 16 * 60_000,
  overlapMs = 30_000,
  now = Date.now,
  onFailure = () => undefined,
  onRecovery = () => undefined,
}: RevocationListOptions): RevocationList => {
  const versions = new Map<string, { tokenVersion: number; seenAt: number }>();
  let lastAsOf: string | undefined;
  let failing = false;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const remember = ({ asOf, revocations }: TokenRevocations) => {
    const seenAt = now();
    for (const { subjectHash, tokenVersion } of revocations) {
      const known = versions.get(subjectHash)?.tokenVersion ?? 0;
      versions.set(subjectHash, { tokenVersion: Math.max(known, tokenVersion), seenAt });
    }
    for (const [subject, { seenAt: at }] of versions)
      if (seenAt - at > retentionMs) versions.delete(subject);
    lastAsOf = asOf;
  };
  const read = async () => {
    const since = lastAsOf && new Date(Date.parse(lastAsOf) - overlapMs).toISOString();
    try {
      remember(await source(since));
      if (failing) onRecovery();
      failing = false;
    } catch (error) {
      if (!failing) onFailure(error);
      failing = true;
    }
  };
  const sync = async () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    await inFlight;
  };

  return {
    isRevoked: async ({ id, role, tokenVersion }) => {
      if (role === 'SERVICE') return false; // service tokens belong to no account
      const current = versions.get(subjectHashOf(id))?.tokenVersion;
      return current !== undefined && tokenVersion < current;
    },
    sync,
    start: () => {
      if (timer) return;
      void sync();
      timer = setInterval(() => void sync(), pollIntervalMs);
      timer.unref();
    },
    stop: () => {
      clearInterval(timer);
      timer = undefined;
    },
  };
};

/** Reads account-service's revocation list over HTTP (any replica answers the same). */
export const revocationSource = (accountServiceUrl: BaseUrls, timeoutMs = 3_000) => {
  const accountService = upstreams(accountServiceUrl);
  const source: RevocationSource = async (since) => {
    const query = since ? `?since=${encodeURIComponent(since)}` : '';
    const response = await accountService.fetch(`/api/v1/auth/revocations${query}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`revocation list answered ${response.status}`);
    return TokenRevocations.parse(await response.json());
  };
  return source;
};
