import { type KeyObject, sign } from 'node:crypto';
import { TOKEN_ALGORITHM } from '@shop/platform/auth';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An ES256 JWT exactly as account-service signs them (kid = the key's RFC 7638 thumbprint). */
export const signToken = (key: KeyObject, kid: string, claims: Record<string, unknown>) => {
  const input = `${base64url({ alg: TOKEN_ALGORITHM, typ: 'JWT', kid })}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
};
