import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { type BaseUrls, upstreams } from '../upstreams.js';
import { type KeySetSource, keySetCache, pemOf } from './key-set-cache.js';

/** The only signing algorithm accepted anywhere: pinned, never taken from the token. */
export const TOKEN_ALGORITHM = 'ES256';

export interface TokenHeader {
  kid?: string;
  alg?: string;
}

/** Finds the PEM public key that verifies a token, from its header's `kid`. */
export type KeyResolver = (header: TokenHeader) => Promise<string>;

export interface PublicJwk extends JsonWebKey {
  kid: string;
  alg: typeof TOKEN_ALGORITHM;
  use: 'sig';
}

/** RFC 7638 thumbprint of an EC public key: a stable `kid` derived from the key itself. */
export const jwkThumbprint = (jwk: JsonWebKey): string =>
  createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');

/** The public JWK of a private or public EC P-256 key. */
export const toPublicJwk = (key: KeyObject): PublicJwk => {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('signing key must be EC P-256');
  return { ...jwk, kid: jwkThumbprint(jwk), alg: TOKEN_ALGORITHM, use: 'sig' };
};

/** Resolves keys from an in-process key set (account-service verifying its own tokens). */
export const localKeys = (keys: PublicJwk[]): KeyResolver => {
  const pems = new Map(keys.map((jwk) => [jwk.kid, pemOf(jwk)]));
  return async ({ kid }) => {
    const pem = kid ? pems.get(kid) : undefined;
    if (!pem) throw new Error('unknown signing key');
    return pem;
  };
};

export interface RemoteJwksOptions {
  /**
   * Base URL of account-service (or of each replica); the set is read from
   * `<url>/.well-known/jwks.json`, from the next replica when one cannot be reached.
   */
  accountServiceUrl: BaseUrls;
  /** How long a fetched set is used before it is read again (removes retired keys). */
  cacheTtlMs?: number;
  /** Least time between two reads of the set, however many unknown `kid`s arrive. */
  refetchIntervalMs?: number;
  timeoutMs?: number;
}

/** Reads account-service's JWKS: every ES256 signing key it publishes, as JWKs. */
export const jwksSource = (accountServiceUrl: BaseUrls, timeoutMs = 3_000): KeySetSource => {
  // In order, not round robin: every replica publishes the same set.
  const accountService = upstreams(accountServiceUrl, { balance: 'in-order' });
  return async () => {
    const response = await accountService.request('/.well-known/jwks.json', {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    const { keys } = response.json() as { keys?: unknown };
    if (!Array.isArray(keys)) throw new Error('JWKS has no keys array');
    return keys as JsonWebKey[];
  };
};

/**
 * Resolves keys from account-service's JWKS through a `keySetCache`: the whole set is cached,
 * an unknown `kid` reads it again at most once per `refetchIntervalMs`. The URL is
 * configuration, never the token's `iss`, so a forged token cannot point verification at a key
 * set of its choosing.
 */
export const remoteJwks = ({
  accountServiceUrl,
  cacheTtlMs,
  refetchIntervalMs,
  timeoutMs,
}: RemoteJwksOptions): KeyResolver =>
  keySetCache({ source: jwksSource(accountServiceUrl, timeoutMs), cacheTtlMs, refetchIntervalMs });
