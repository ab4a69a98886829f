import { allow, auth, callerOf, createLogger, createServiceApp, remoteJwks } from '@shop/platform';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bearer,
  customer,
  decodeJwt,
  forgeToken,
  newSigningKey,
  startAccountService,
} from './support.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Another service, verifying tokens the way every service does: the JWKS over real HTTP. */
const startVerifier = async (accountServiceUrl: string, issuer: string, audience: string) => {
  const app = await createServiceApp({
    service: 'verifier',
    logger: createLogger({ service: 'verifier', level: 'silent' }),
    readiness: {},
  });
  await app.register(auth, { issuer, audience, resolveKey: remoteJwks({ accountServiceUrl }) });
  const signedIn = allow({ roles: ['CUSTOMER', 'ADMIN'] });
  app.get('/whoami', { config: signedIn }, async (request) => callerOf(request));
  app.get('/admin-only', { config: allow({ roles: ['ADMIN'] }) }, async () => ({ ok: true }));
  closers.push(async () => await app.close());
  return app;
};

const listen = async (service: Awaited<ReturnType<typeof startAccountService>>, port = 0) => {
  await service.app.listen({ host: '127.0.0.1', port });
  const address = service.app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
};

describe('GET /.well-known/jwks.json', () => {
  it('when the key set is read, then it holds the ES256 public key and no private part', async () => {
    const { app } = await startAccountService();
    const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    const [key, ...others] = response.json().keys;
    expect(others).toEqual([]);
    expect(key).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: expect.any(String),
    });
    expect(key).not.toHaveProperty('d');
  });
});

describe('verification in another service through the JWKS', () => {
  it('when a real token reaches another service, then it knows the caller; a forged one gets 401', async () => {
    const account = await startAccountService();
    const port = await listen(account);
    const { issuer, audience } = account.config.tokens;
    const verifier = await startVerifier(`http://127.0.0.1:${port}`, issuer, audience);
    const user = await customer(account.app);

    const ok = await verifier.inject({
      method: 'GET',
      url: '/whoami',
      headers: bearer(user.accessToken),
    });
    const { header, payload } = decodeJwt(user.accessToken);
    const forged = forgeToken(header, { ...payload, role: 'ADMIN' }, { es256: newSigningKey() });
    const refused = await verifier.inject({
      method: 'GET',
      url: '/whoami',
      headers: bearer(forged),
    });
    const notAdmin = await verifier.inject({
      method: 'GET',
      url: '/admin-only',
      headers: bearer(user.accessToken),
    });

    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ id: user.id, role: 'CUSTOMER', tokenVersion: 1 });
    expect(refused.statusCode).toBe(401);
    expect(notAdmin.statusCode).toBe(403);
  });

  it('when account-service rotates its key, then the verifier fetches the set again for the new kid', async () => {
    const first = await startAccountService();
    const port = await listen(first);
    const { issuer, audience } = first.config.tokens;
    const verifier = await startVerifier(`http://127.0.0.1:${port}`, issuer, audience);
    const before = await customer(first.app);
    expect(
      (
        await verifier.inject({
          method: 'GET',
          url: '/whoami',
          headers: bearer(before.accessToken),
        })
      ).statusCode,
    ).toBe(200);
    await first.app.close();

    const rotated = await startAccountService({ signingKey: newSigningKey() });
    await listen(rotated, port);
    const after = await customer(rotated.app);
    expect(decodeJwt(after.accessToken).header.kid).not.toBe(
      decodeJwt(before.accessToken).header.kid,
    );

    const response = await verifier.inject({
      method: 'GET',
      url: '/whoami',
      headers: bearer(after.accessToken),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(after.id);
  });
});
