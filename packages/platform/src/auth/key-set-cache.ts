import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { KeyResolver } from './keys.js';

/** Reads the whole key set (a JWKS's `keys`); throws when it cannot. */
export type KeySetSource = () => Promise<JsonWebKey[]>;

export interface KeySetCacheOptions {
  source: KeySetSource;
  /** How long a read set is used before it is read again (so a retired key stops verifying). */
  cacheTtlMs?: number | undefined;
  /** Least time between two reads after one that succeeded, whatever asks for it. */
  refetchIntervalMs?: number | undefined;
  /** First wait after a failed read; doubles with each failure up to `refetchIntervalMs`. */
  retryAfterFailureMs?: number | undefined;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** The PEM (SPKI) of a public JWK. */
export const pemOf = (jwk: JsonWebKey) =>
  createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString();

/** Only ES256 signing keys with a `kid` count; anything else in the set is ignored. */
const usableKeys = (keys: JsonWebKey[]) => {
  const pems = new Map<string, string>();
  for (const jwk of keys) {
    const { kid, alg, use } = jwk as JsonWebKey & { kid?: unknown; alg?: unknown; use?: unknown };
    if (typeof kid !== 'string' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') continue;
    if ((alg !== undefined && alg !== 'ES256') || (use !== undefined && use !== 'sig')) continue;
    try {
      pems.set(kid, pemOf(jwk));
    } catch {
      // A malformed key verifies nothing; the others still do.
    }
  }
  return pems;
};

/**
 * A key resolver over a whole cached key set (account-service's JWKS):
 * - a known `kid` is answered from memory; PEMs are converted once per set;
 * - an unknown `kid` reads the set again, but never sooner than `refetchIntervalMs` after the
 *   last read that succeeded: until then an unknown `kid` is refused from memory (a negative
 *   answer cached for the whole set), so a flood of tokens with random `kid`s costs at most
 *   one read per interval. Concurrent callers share one read;
 * - a failed read keeps the set it had (known keys go on verifying while account-service is
 *   down) and is retried after 1 s, 2 s, 4 s… capped at `refetchIntervalMs`;
 * - the set is read again after `cacheTtlMs`, so a key account-service stopped publishing
 *   stops verifying. A new signing key is known before any token is signed with it (key
 *   rotation publishes the next key first, see docs/tokens.md), so its first tokens never need
 *   the unknown-`kid` read.
 */
export const keySetCache = ({
  source,
  cacheTtlMs = 5 * 60_000,
  refetchIntervalMs = 30_000,
  retryAfterFailureMs = 1_000,
  now = Date.now,
  onError = () => undefined,
}: KeySetCacheOptions): KeyResolver => {
  let pems = new Map<string, string>();
  let readAt: number | undefined;
  let nextReadAllowedAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  let inFlight: Promise<void> | undefined;

  const read = async () => {
    try {
      pems = usableKeys(await source());
      readAt = now();
      failures = 0;
      nextReadAllowedAt = readAt + refetchIntervalMs;
    } catch (error) {
      failures += 1;
      const backoff = Math.min(retryAfterFailureMs * 2 ** (failures - 1), refetchIntervalMs);
      nextReadAllowedAt = now() + backoff;
      onError(error);
    }
  };
  const refresh = async () => {
    if (!inFlight) {
      if (now() < nextReadAllowedAt) return;
      inFlight = read().finally(() => {
        inFlight = undefined;
      });
    }
    await inFlight;
  };
  const isFresh = () => readAt !== undefined && now() - readAt < cacheTtlMs;

  return async ({ kid }) => {
    if (!kid) throw new Error('token has no kid');
    if (!(pems.has(kid) && isFresh())) await refresh();
    const pem = pems.get(kid);
    if (!pem) throw new Error('unknown signing key');
    return pem;
  };
};
