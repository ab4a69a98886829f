import { generateKeyPairSync } from 'node:crypto';
import { buildApp } from '@shop/account-service/app';
import { loadAccountConfig } from '@shop/account-service/config';
import { createLogger } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';

export interface Identity {
  /** Base URL of the running account-service (its JWKS is at /.well-known/jwks.json). */
  url: string;
  issuer: string;
  audience: string;
  adminToken(): Promise<string>;
  serviceToken(clientId?: string): Promise<string>;
  /** Registers a new customer and returns its id and access token. */
  customer(): Promise<{ id: string; token: string }>;
  /** Saves a card on the account (account-service keeps brand and last 4 only). */
  saveCard(token: string, accountId: string, cardNumber: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real account-service, started in-process on a free port with its own signing key, so a
 * service under test verifies tokens exactly as in production: over HTTP through the JWKS.
 */
export const startIdentity = async (): Promise<Identity> => {
  const config = loadAccountConfig(process.env);
  const pool = createMysqlPool(config.mysql);
  const app = await buildApp({
    config,
    logger: createLogger({ service: 'account-service', level: 'warn' }),
    pool,
    signingKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const post = async (path: string, payload: unknown) => {
    const response = await app.inject({ method: 'POST', url: path, payload: payload as object });
    if (response.statusCode >= 300)
      throw new Error(`${path} answered ${response.statusCode}: ${response.body}`);
    return response.json() as Record<string, string>;
  };
  const login = async (email: string, password: string) =>
    (await post('/api/v1/auth/login', { email, password })).accessToken as string;

  return {
    url,
    issuer: config.tokens.issuer,
    audience: config.tokens.audience,
    adminToken: async () =>
      await login(config.bootstrapAdmin.email, config.bootstrapAdmin.password),
    serviceToken: async (clientId = 'order-service') => {
      const clientSecret = config.serviceClients.get(clientId);
      if (!clientSecret) throw new Error(`no service client ${clientId} in SERVICE_CLIENTS`);
      return (
        await post('/api/v1/auth/token', {
          grantType: 'client_credentials',
          clientId,
          clientSecret,
        })
      ).accessToken as string;
    },
    customer: async () => {
      const email = `customer-${crypto.randomUUID()}@test.example`;
      const password = 'a test password 123';
      const account = await post('/api/v1/accounts', { email, password, name: 'Test Customer' });
      return { id: account.id as string, token: await login(email, password) };
    },
    saveCard: async (token, accountId, cardNumber) => {
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/v1/accounts/${accountId}`,
        headers: { authorization: `Bearer ${token}` },
        payload: {
          paymentMethod: { cardNumber, expMonth: 12, expYear: 2099, holderName: 'Test Customer' },
        },
      });
      if (response.statusCode !== 200) throw new Error(`saving the card failed: ${response.body}`);
    },
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
};
