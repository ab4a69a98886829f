import { generateKeyPairSync } from 'node:crypto';
import {
  Account,
  ClientCredentialsBody,
  type PaymentMethodSummary,
  type Role,
  ServiceToken,
  TokenRevocations,
} from '@shop/contracts';
import { subjectHashOf, toPublicJwk } from '@shop/platform/auth';
import { signToken } from '../tokens.js';
import { problem, type StubServer, startStub } from './stub-server.js';

export interface AccountStub extends StubServer {
  issuer: string;
  audience: string;
  /** A token for any subject and role, signed with the stub's key (`ver` 0 unless given). */
  tokenFor(claims: { sub: string; role: Role; ver?: number; ttlSeconds?: number }): string;
  /** A new customer: an account the stub answers for, and its access token. */
  customer(options?: { card?: Pick<PaymentMethodSummary, 'brand' | 'last4'> }): {
    id: string;
    email: string;
    token: string;
  };
  admin(): { id: string; token: string };
  serviceToken(clientId?: string): string;
  /**
   * Revokes every token of the account (a password change): its version moves on, the
   * revocation list names it, and the returned token carries the new version.
   */
  revoke(accountId: string): string;
}

/**
 * account-service as the other services see it, without its database: the JWKS, the
 * client-credentials grant and account look-ups, every body checked against the contracts. A
 * service under test verifies these tokens exactly as in production: over HTTP, through the JWKS.
 */
export const startAccountStub = async ({
  issuer = process.env.JWT_ISSUER ?? 'shop-account-service',
  audience = process.env.JWT_AUDIENCE ?? 'shop',
}: {
  issuer?: string;
  audience?: string;
} = {}): Promise<AccountStub> => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = toPublicJwk(privateKey);
  const accounts = new Map<string, Account>();
  /** Accounts whose tokens were revoked: their current version and when it moved. */
  const revoked = new Map<string, { tokenVersion: number; at: number }>();
  const tokenFor: AccountStub['tokenFor'] = ({ sub, role, ver = 0, ttlSeconds = 900 }) => {
    const now = Math.floor(Date.now() / 1000);
    return signToken(privateKey, jwk.kid, {
      sub,
      role,
      ver,
      jti: crypto.randomUUID(),
      iss: issuer,
      aud: audience,
      iat: now,
      exp: now + ttlSeconds,
    });
  };
  const server = await startStub([
    {
      method: 'GET',
      path: '/.well-known/jwks.json',
      handle: () => ({ status: 200, body: { keys: [jwk] } }),
    },
    {
      method: 'POST',
      path: '/api/v1/auth/token',
      request: ClientCredentialsBody,
      response: ServiceToken,
      handle: ({ body }) => ({
        status: 200,
        body: {
          accessToken: tokenFor({ sub: (body as ClientCredentialsBody).clientId, role: 'SERVICE' }),
          tokenType: 'Bearer',
          expiresIn: 900,
        },
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/auth/revocations',
      response: TokenRevocations,
      handle: ({ query }) => {
        const since = Math.max(Date.parse(query.get('since') ?? '') || 0, Date.now() - 900_000);
        return {
          status: 200,
          body: {
            asOf: new Date().toISOString(),
            revocations: [...revoked]
              .filter(([, { at }]) => at >= since)
              .map(([id, { tokenVersion }]) => ({ subjectHash: subjectHashOf(id), tokenVersion })),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:id',
      response: Account,
      handle: ({ params }) => {
        const account = accounts.get(params.id ?? '');
        return account
          ? { status: 200, body: account }
          : problem(404, 'not-found', `No account ${params.id}`);
      },
    },
  ]);
  const register = (role: Role, card?: Pick<PaymentMethodSummary, 'brand' | 'last4'>) => {
    const id = crypto.randomUUID();
    const email = `${role.toLowerCase()}-${id}@test.example`;
    const now = new Date().toISOString();
    accounts.set(id, {
      id,
      email,
      name: 'Test Account',
      role,
      shippingAddress: null,
      billingAddress: null,
      paymentMethod: card ? { ...card, expMonth: 12, expYear: 2099 } : null,
      emailVerified: false,
      createdAt: now,
      updatedAt: now,
    });
    return { id, email, token: tokenFor({ sub: id, role }) };
  };
  return {
    ...server,
    issuer,
    audience,
    tokenFor,
    customer: ({ card } = {}) => register('CUSTOMER', card),
    admin: () => register('ADMIN'),
    serviceToken: (clientId = 'test-service') => tokenFor({ sub: clientId, role: 'SERVICE' }),
    revoke: (accountId) => {
      const account = accounts.get(accountId);
      if (!account) throw new Error(`the stub has no account ${accountId}`);
      const tokenVersion = (revoked.get(accountId)?.tokenVersion ?? 0) + 1;
      revoked.set(accountId, { tokenVersion, at: Date.now() });
      return tokenFor({ sub: accountId, role: account.role, ver: tokenVersion });
    },
  };
};
