import { describe, expect, it } from 'vitest';
import { decodeJwtPayload } from '../src/auth/jwt';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) =>
  `${segment({ alg: 'ES256', typ: 'JWT' })}.${segment(payload)}.c2ln`;

const claims = {
  iss: 'shop-account-service',
  aud: 'shop',
  sub: '6f1c2d0e-8a4b-4a53-9f0e-2b7c1d3e4f50',
  role: 'ADMIN',
  exp: 1_900_000_000,
  iat: 1_899_999_100,
  jti: 'abc',
  ver: 0,
};

describe('decodeJwtPayload', () => {
  it('when the token is a well-formed JWT, then its subject, role and expiry are read', () => {
    expect(decodeJwtPayload(jwt(claims))).toEqual({
      sub: claims.sub,
      role: 'ADMIN',
      exp: claims.exp,
      iat: claims.iat,
    });
  });

  it('when the payload holds non-ASCII text, then base64url and UTF-8 are decoded correctly', () => {
    // "ü" and "€" produce the base64url-only characters - and _ in some encodings.
    const payload = { ...claims, role: 'CUSTOMER', name: 'Jürgen €€€ ???>>>' };
    expect(decodeJwtPayload(jwt(payload))?.role).toBe('CUSTOMER');
  });

  it.each([
    ['not a jwt', 'garbage'],
    ['two segments', 'a.b'],
    ['a payload that is not JSON', `x.${Buffer.from('{oops').toString('base64url')}.y`],
    ['a payload that is not base64url', 'x.%%%.y'],
    ['a JSON array payload', jwt([1, 2])],
    ['an unknown role', jwt({ ...claims, role: 'ROOT' })],
    ['no subject', jwt({ ...claims, sub: undefined })],
    ['an expiry that is a string', jwt({ ...claims, exp: '1900000000' })],
    ['an empty payload segment', 'x..y'],
  ])('when the token is %s, then nothing is decoded', (_case, token) => {
    expect(decodeJwtPayload(token)).toBeNull();
  });
});
