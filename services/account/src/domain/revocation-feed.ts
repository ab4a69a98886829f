import { createHash } from 'node:crypto';
import type { AccountRepository, AccountTokenRepository } from './ports.js';

type Revoked = Awaited<ReturnType<AccountRepository['revokedSince']>>[number];

/** The list as of one read: every revocation of the last access-token lifetime. */
interface Window {
  asOf: Date;
  revoked: Revoked[];
  fingerprint: string;
}

export interface RevocationAnswer {
  asOf: Date;
  /** The revocations changed at or after `since` (all of the window without it). */
  revoked: Pick<Revoked, 'id' | 'tokenVersion'>[];
  fingerprint: string;
}

export interface RevocationQuery {
  since?: string | undefined;
  /** Seconds to hold the answer while the window's fingerprint is still `ifChanged`. */
  wait?: number | undefined;
  ifChanged?: string | undefined;
}

export interface RevocationFeedOptions {
  accounts: Pick<AccountRepository, 'revokedSince'>;
  now: () => Date;
  /** Access-token lifetime: an older revocation revoked only tokens that have expired. */
  accessTtlSeconds: number;
  /**
   * While someone waits, how often the store is read again for revocations another replica
   * made (one read for every waiter); a revocation made here wakes them at once (`changed`).
   */
  checkIntervalMs?: number;
}

/** Same accounts at the same token versions, same fingerprint, whatever the order of the rows. */
export const fingerprintOf = (revoked: Pick<Revoked, 'id' | 'tokenVersion'>[]) =>
  createHash('sha256')
    .update(
      revoked
        .map(({ id, tokenVersion }) => `${id}:${tokenVersion}`)
        .sort()
        .join(','),
    )
    .digest('base64url')
    .slice(0, 22);

/**
 * The revocation list every other service reads, as a long poll: an asker that names the
 * fingerprint it holds is answered when the list changes or its wait runs out, so an idle shop
 * asks once per wait instead of once per poll interval. The waiters of one replica share one
 * store read per check; a revocation this replica commits wakes them at once, one committed by
 * another replica within `checkIntervalMs`.
 */
export const revocationFeed = ({
  accounts,
  now,
  accessTtlSeconds,
  checkIntervalMs = 2_000,
}: RevocationFeedOptions) => {
  let reading: Promise<Window> | undefined;
  let waiters = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Moves on at each `changed`: a read begun before it may have missed that revocation.
  let generation = 0;

  // Concurrent askers share the read in flight: one query however many wait.
  const readWindow = () => {
    reading ??= (async () => {
      const asOf = now();
      const revoked = await accounts.revokedSince(
        new Date(asOf.getTime() - accessTtlSeconds * 1000),
      );
      return { asOf, revoked, fingerprint: fingerprintOf(revoked) };
    })().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  const wakeAll = () => {
    clearTimeout(timer);
    timer = undefined;
    const woken = waiters;
    waiters = new Set();
    for (const wake of woken) wake();
  };

  /** Resolves at the next check (or `changed`), or after `ms` at the latest. */
  const nextCheck = (ms: number) =>
    new Promise<void>((resolve) => {
      const deadline = setTimeout(resolve, ms);
      waiters.add(() => {
        clearTimeout(deadline);
        resolve();
      });
      timer ??= setTimeout(wakeAll, checkIntervalMs);
    });

  const answerOf = ({ asOf, revoked, fingerprint }: Window, since: string | undefined) => {
    const from = since ? Date.parse(since) : 0;
    return {
      asOf,
      revoked: revoked
        .filter(({ changedAt }) => changedAt.getTime() >= from)
        .map(({ id, tokenVersion }) => ({ id, tokenVersion })),
      fingerprint,
    };
  };

  return {
    answer: async ({ since, wait = 0, ifChanged }: RevocationQuery): Promise<RevocationAnswer> => {
      const until = Date.now() + wait * 1000;
      let readAt = generation;
      let window = await readWindow();
      while (!closed && window.fingerprint === ifChanged && Date.now() < until) {
        if (readAt === generation) await nextCheck(until - Date.now());
        readAt = generation;
        window = await readWindow();
      }
      return answerOf(window, since);
    },
    /** A revocation was committed here: the waiters read the list now (a read begun before it
     * may have missed it, so it is not shared with them). */
    changed: () => {
      generation += 1;
      reading = undefined;
      wakeAll();
    },
    /** Shutting down: every waiter is answered now, none waits after. */
    close: () => {
      closed = true;
      wakeAll();
    },
  };
};

export type RevocationFeed = ReturnType<typeof revocationFeed>;

/** The repository, waking the feed's waiters after each committed token-version bump. */
export const wakingOnRevocation = <Accounts extends Pick<AccountRepository, 'update'>>(
  accounts: Accounts,
  feed: Pick<RevocationFeed, 'changed'>,
): Accounts => ({
  ...accounts,
  update: async (...args: Parameters<AccountRepository['update']>) => {
    const updated = await accounts.update(...args);
    if (args[2].revokeTokens) feed.changed();
    return updated;
  },
});

/** The token store, waking the feed's waiters after a password reset (it bumps the version). */
export const resetWakingFeed = (
  tokens: AccountTokenRepository,
  feed: Pick<RevocationFeed, 'changed'>,
): AccountTokenRepository => ({
  ...tokens,
  resetPassword: async (...args) => {
    const outcome = await tokens.resetPassword(...args);
    feed.changed();
    return outcome;
  },
});
