import { Item } from '@shop/contracts';
import {
  allow,
  auth,
  callerOf,
  createLogger,
  createServiceApp,
  serviceTokenProvider,
} from '@shop/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountStub, startAccountStub, startStub } from '../src/index.js';

let accounts: AccountStub;
beforeAll(async () => {
  accounts = await startAccountStub();
});
afterAll(async () => await accounts?.close());

/** A service app verifying tokens against the stub's JWKS, as every real service does. */
const protectedApp = async () => {
  const app = await createServiceApp({
    service: 'stub-test',
    logger: createLogger({ service: 'stub-test', level: 'silent' }),
    readiness: {},
  });
  await app.register(auth, {
    issuer: accounts.issuer,
    audience: accounts.audience,
    accountServiceUrl: accounts.url,
  });
  const anyone = allow({ roles: ['CUSTOMER', 'ADMIN'], services: ['order-service'] });
  app.get('/me', { config: anyone }, async (request) => callerOf(request));
  await app.ready();
  return app;
};

describe('account-service stub', () => {
  it('when a service verifies a stub token over the JWKS, then the caller is who the token says', async () => {
    const app = await protectedApp();
    const customer = accounts.customer();
    const response = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${customer.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: customer.id, role: 'CUSTOMER' });
    const forged = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${customer.token.slice(0, -4)}AAAA` },
    });
    expect(forged.statusCode).toBe(401);
    await app.close();
  });

  it('when a service asks for client credentials, then it gets a SERVICE token; a body off the contract gets 400', async () => {
    const token = await serviceTokenProvider({
      accountServiceUrl: accounts.url,
      clientId: 'order-service',
      clientSecret: 'any',
    })();
    const app = await protectedApp();
    const me = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ id: 'order-service', role: 'SERVICE' });
    const bad = await fetch(`${accounts.url}/api/v1/auth/token`, {
      method: 'POST',
      body: JSON.stringify({ clientId: 'x' }),
    });
    expect(bad.status).toBe(400);
    await app.close();
  });

  it('when an account is looked up, then the stub answers with a contract-valid account or 404', async () => {
    const customer = accounts.customer({ card: { brand: 'visa', last4: '4242' } });
    const found = await fetch(`${accounts.url}/api/v1/accounts/${customer.id}`);
    expect(await found.json()).toMatchObject({
      email: customer.email,
      paymentMethod: { last4: '4242' },
    });
    const missing = await fetch(`${accounts.url}/api/v1/accounts/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('contract-checked stubs', () => {
  it('when a canned answer breaks the contract, then the call fails loudly instead of passing a wrong body on', async () => {
    const stub = await startStub([
      {
        method: 'GET',
        path: '/api/v1/items/:id',
        response: Item,
        handle: ({ params }) => ({ status: 200, body: { id: params.id, name: 'no price' } }),
      },
    ]);
    const response = await fetch(`${stub.url}/api/v1/items/${crypto.randomUUID()}`);
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/unitPrice|invalid/i);
    expect(stub.calls).toHaveLength(1);
    await stub.close();
  });
});
