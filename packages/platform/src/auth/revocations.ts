import { createHash } from 'node:crypto';
import { TokenRevocations } from '@shop/contracts';
import type { Caller } from '../caller.js';
import { type BaseUrls, upstreams } from '../upstreams.js';

/**
 * One read of account-service's revocation list, changes at or after `since` when given; with
 * `longPoll`, answered once the list is no longer the one `ifChanged` names or `wait` seconds
 * passed (or at once by a server that does not hold answers). `signal` abandons the read.
 */
export type RevocationSource = (
  since: string | undefined,
  longPoll?: { wait: number; ifChanged: string; signal: AbortSignal },
) => Promise<TokenRevocations>;

/** How account-service names an account in its public revocation list. */
export const subjectHashOf = (accountId: string) =>
  createHash('sha256').update(accountId).digest('base64url');

export interface RevocationListOptions {
  source: RevocationSource;
  /**
   * The least time between two reads that brought nothing new (after a failure, or from an
   * account-service that answers at once); a long poll that waited longer is asked again at once.
   */
  pollIntervalMs?: number | undefined;
  /** How long account-service may hold a read while nothing is revoked (its `wait`). */
  waitSeconds?: number | undefined;
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
  /** Reads now, then long-polls until `stop`, which also abandons the read in flight. */
  start(): void;
  stop(): void;
}

/**
 * The revocations every service enforces, kept in memory and refreshed by long-polling
 * account-service (`GET /api/v1/auth/revocations?wait=&ifChanged=`): it answers when its list
 * changes (at once for a revocation its replica made, within its check interval for another
 * replica's), or after `waitSeconds` with nothing new, so an idle shop asks once per wait. Why a
 * list and not a call per request: a request never waits for, nor fails with, account-service;
 * the check is a map look-up. What happens under failure:
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
  waitSeconds = 25,
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
  let fingerprint: string | undefined;
  let polling: AbortController | undefined;

  const remember = ({ asOf, revocations, fingerprint: listed }: TokenRevocations) => {
    fingerprint = listed;
    const seenAt = now();
    for (const { subjectHash, tokenVersion } of revocations) {
      const known = versions.get(subjectHash)?.tokenVersion ?? 0;
      versions.set(subjectHash, { tokenVersion: Math.max(known, tokenVersion), seenAt });
    }
    for (const [subject, { seenAt: at }] of versions)
      if (seenAt - at > retentionMs) versions.delete(subject);
    lastAsOf = asOf;
  };
  /** One read; whether it brought a list other than the one known before. */
  const read = async (longPoll?: { signal: AbortSignal }) => {
    const since = lastAsOf && new Date(Date.parse(lastAsOf) - overlapMs).toISOString();
    const known = fingerprint;
    try {
      const held =
        longPoll && known ? { wait: waitSeconds, ifChanged: known, ...longPoll } : undefined;
      remember(await source(since, held));
      if (failing) onRecovery();
      failing = false;
      // No fingerprint (an account-service that does not hold reads) is never news: polled.
      return fingerprint !== undefined && fingerprint !== known;
    } catch (error) {
      if (longPoll?.signal.aborted) return false;
      if (!failing) onFailure(error);
      failing = true;
      return false;
    }
  };
  /** One read that `stopped` abandons, through a signal of its own (no listener outlives it). */
  const readUntil = async (stopped: AbortSignal) => {
    const reading = new AbortController();
    const abandon = () => reading.abort();
    stopped.addEventListener('abort', abandon, { once: true });
    try {
      return await read({ signal: reading.signal });
    } finally {
      stopped.removeEventListener('abort', abandon);
    }
  };
  /**
   * Reads until stopped: soon again after news (at most every NEWS_SPACING_MS, should two
   * replicas disagree for a moment) or after a held read, else after the interval.
   */
  const poll = async (stopped: AbortSignal) => {
    while (!stopped.aborted) {
      const started = Date.now();
      const news = await readUntil(stopped);
      const pause = (news ? NEWS_SPACING_MS : pollIntervalMs) - (Date.now() - started);
      if (pause > 0) await sleep(pause, stopped);
    }
  };
  const sync = async () => {
    inFlight ??= read()
      .then(() => undefined)
      .finally(() => {
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
      if (polling) return;
      polling = new AbortController();
      void poll(polling.signal);
    },
    stop: () => {
      polling?.abort();
      polling = undefined;
    },
  };
};

const NEWS_SPACING_MS = 200;

/** A pause that `signal` cuts short, whose timer keeps no process alive. */
const sleep = async (ms: number, signal: AbortSignal) =>
  await new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    timer.unref();
    signal.addEventListener('abort', wake, { once: true });
  });

/** Reads account-service's revocation list over HTTP (any replica answers the same). */
export const revocationSource = (accountServiceUrl: BaseUrls, timeoutMs = 3_000) => {
  const accountService = upstreams(accountServiceUrl);
  // A held read answers after its wait: it must not count as a replica that does not answer.
  const holding = upstreams(accountServiceUrl, { firstByteTimeoutMs: 60_000 });
  const source: RevocationSource = async (since, longPoll) => {
    const query = new URLSearchParams();
    if (since) query.set('since', since);
    if (longPoll) {
      query.set('wait', String(longPoll.wait));
      query.set('ifChanged', longPoll.ifChanged);
    }
    const deadline = AbortSignal.timeout(timeoutMs + (longPoll?.wait ?? 0) * 1000);
    const response = await (longPoll ? holding : accountService).request(
      `/api/v1/auth/revocations?${query}`,
      {
        signal: longPoll ? AbortSignal.any([deadline, longPoll.signal]) : deadline,
      },
    );
    if (!response.ok) throw new Error(`revocation list answered ${response.status}`);
    return TokenRevocations.parse(response.json());
  };
  return source;
};
