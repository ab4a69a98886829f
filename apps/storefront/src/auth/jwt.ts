import type { Role } from '@shop/contracts';

/** The access-token claims the UI reads. Decoded for display only: services verify tokens. */
export type TokenClaims = { sub: string; role: Role; exp: number; iat?: number };

const ROLES: readonly string[] = ['CUSTOMER', 'ADMIN', 'SERVICE'];

/** base64url (RFC 4648 §5, no padding) → UTF-8 text. */
const decodeBase64Url = (segment: string): string => {
  const base64 = segment.replaceAll('-', '+').replaceAll('_', '/');
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
};

/**
 * The payload of a JWT, or null when the token is not a well-formed JWT carrying `sub`,
 * `role` and `exp`. The signature is deliberately not checked: the browser has no business
 * trusting claims; it only decides which links to show.
 */
export const decodeJwtPayload = (token: string): TokenClaims | null => {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, role, exp, iat } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '') return null;
  if (typeof role !== 'string' || !ROLES.includes(role)) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  const claims: TokenClaims = { sub, role: role as Role, exp };
  if (typeof iat === 'number') claims.iat = iat;
  return claims;
};
