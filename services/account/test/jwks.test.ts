import type { KeyObject } from 'node:crypto';
import {
  allow,
  auth,
  callerOf,
  createLogger,
  createServiceApp,
  remoteJwks,
  toPublicJwk,
} from '@shop/platform';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bearer,
  customer,
  decodeJwt,
  forgeToken,
  newSigningKey,
  startAccountService,
  type TestApp,
} from './support.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Another service, verifying tokens the way every service does: the JWKS over real HTTP. */
const startVerifier = async (
  accountServiceUrl: string | string[],
  issuer: string,
  audience: string,
  cache: { refetchIntervalMs?: number } = {},
) => {
  const app = await createServiceApp({
    service: 'verifier',
    logger: createLogger({ service: 'verifier', level: 'silent' }),
    readiness: {},
  });
  await app.register(auth, {
    issuer,
    audience,
    resolveKey: remoteJwks({ accountServiceUrl, ...cache }),
  });
  const signedIn = allow({ roles: ['CUSTOMER', 'ADMIN'] });
  app.get('/whoami', { config: signedIn }, async (request) => callerOf(request));
  app.get('/api/v1/accounts/me', { config: signedIn }, async () => ({ ok: true }));
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

  it('when the keys rotate in two rolling restarts (next key published, then promoted), then no token gets a single 401', async () => {
    const [oldKey, newKey] = [newSigningKey(), newSigningKey()];
    const first = await startAccountService({ signingKey: oldKey });
    const second = await startAccountService({ signingKey: oldKey });
    const replicas: TestApp[] = [first, second];
    const ports = [await listen(first), await listen(second)];
    const { issuer, audience } = first.config.tokens;
    const verifier = await startVerifier(
      ports.map((port) => `http://127.0.0.1:${port}`),
      issuer,
      audience,
      { refetchIntervalMs: 200 },
    );
    const tokens: string[] = [];
    const statuses: number[] = [];
    /** A new login at every replica, then every token so far at the verifier and both replicas. */
    const checkEverywhere = async () => {
      for (const replica of replicas) tokens.push((await customer(replica.app)).accessToken);
      for (const app of [verifier, ...replicas.map((replica) => replica.app)])
        for (const token of tokens)
          statuses.push(
            (
              await app.inject({
                method: 'GET',
                url: '/api/v1/accounts/me',
                headers: bearer(token),
              })
            ).statusCode,
          );
    };
    const restart = async (index: 0 | 1, signingKey: KeyObject, otherKeys: KeyObject[]) => {
      await replicas[index]?.app.close();
      const restarted = await startAccountService({ signingKey, otherKeys });
      replicas[index] = restarted;
      await listen(restarted, ports[index]);
      await checkEverywhere();
    };
    await checkEverywhere();

    // Step 1 (stage): every replica publishes the next key, still signing with the old one.
    await restart(0, oldKey, [newKey]);
    await restart(1, oldKey, [newKey]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the documented pause: 60 s with the default 30 s refetch interval
    // Step 2 (promote): the new key signs; the old one verifies what it signed until it expires.
    await restart(0, newKey, [oldKey]);
    await restart(1, newKey, [oldKey]);

    const kids = new Set(tokens.map((token) => decodeJwt(token).header.kid));
    expect(kids.size).toBe(2);
    expect(statuses).toHaveLength(90); // 5 rounds, 2 new tokens each, every token at 3 services
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 60_000);

  it('when a key is published by no replica, then a token it signed gets 401', async () => {
    const account = await startAccountService();
    const port = await listen(account);
    const { issuer, audience } = account.config.tokens;
    const verifier = await startVerifier(`http://127.0.0.1:${port}`, issuer, audience);
    const user = await customer(account.app);
    const { header, payload } = decodeJwt(user.accessToken);
    const stranger = newSigningKey();
    const foreign = forgeToken({ ...header, kid: toPublicJwk(stranger).kid }, payload, {
      es256: stranger,
    });

    const response = await verifier.inject({
      method: 'GET',
      url: '/whoami',
      headers: bearer(foreign),
    });
    expect(response.statusCode).toBe(401);
  });
});
