import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import buildGetJwks from 'get-jwks';
import { type BaseUrls, upstreams } from '../upstreams.js';

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

export const toPublicJwk = (key: KeyObject): PublicJwk => {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('signing key must be EC P-256');
  return { ...jwk, kid: jwkThumbprint(jwk), alg: TOKEN_ALGORITHM, use: 'sig' };
};

const toPem = (jwk: JsonWebKey) =>
  createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString();

/** Resolves keys from an in-process key set (account-service verifying its own tokens). */
export const localKeys = (keys: PublicJwk[]): KeyResolver => {
  const pems = new Map(keys.map((jwk) => [jwk.kid, toPem(jwk)]));
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
  /** How long a fetched key is trusted before the set is read again. */
  cacheTtlMs?: number;
}

/**
 * Resolves keys from account-service's JWKS, cached; a token with an unknown `kid` makes it
 * fetch the set again (key rotation). The URL is configuration, never the token's `iss`, so a
 * forged token cannot point verification at a key set of its choosing.
 */
export const remoteJwks = ({
  accountServiceUrl,
  cacheTtlMs = 10 * 60_000,
}: RemoteJwksOptions): KeyResolver => {
  const getJwks = buildGetJwks({ ttl: cacheTtlMs, max: 20 });
  // In order, not round robin: get-jwks caches per base URL, so one replica serves the set.
  const accountService = upstreams(accountServiceUrl, { balance: 'in-order' });
  // get-jwks caches the JWK object but its getPublicKey converts it to PEM on every call in
  // pure JS (jwk-to-pem: a third of order-service's CPU under load); converted once per key here.
  const pems = new WeakMap<object, string>();
  return async ({ kid, alg }) => {
    if (!kid) throw new Error('token has no kid');
    const jwk = await accountService.run(
      async (base) => await getJwks.getJwk({ kid, alg: alg ?? TOKEN_ALGORITHM, domain: base }),
    );
    let pem = pems.get(jwk);
    if (!pem) {
      pem = toPem(jwk as JsonWebKey);
      pems.set(jwk, pem);
    }
    return pem;
  };
};
