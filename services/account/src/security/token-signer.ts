import type { KeyObject } from 'node:crypto';
import { TOKEN_ALGORITHM, toPublicJwk } from '@shop/platform';
import { createSigner } from 'fast-jwt';
import type { TokenSigner } from '../domain/ports.js';

export interface SignerOptions {
  privateKey: KeyObject;
  issuer: string;
  audience: string;
}

/** ES256 access tokens with `kid` = the key's RFC 7638 thumbprint, as published in the JWKS. */
export const createTokenSigner = ({ privateKey, issuer, audience }: SignerOptions): TokenSigner => {
  const kid = toPublicJwk(privateKey).kid;
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const sign = createSigner({
    algorithm: TOKEN_ALGORITHM,
    key: pem,
    kid,
    iss: issuer,
    aud: audience,
  });
  return {
    sign: ({ subject, role, tokenVersion, ttlSeconds }) =>
      sign({
        sub: subject,
        role,
        ver: tokenVersion,
        jti: crypto.randomUUID(),
        exp: Math.floor(Date.now() / 1000) + ttlSeconds,
      }),
  };
};
