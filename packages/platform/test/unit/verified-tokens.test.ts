import { generateKeyPairSync } from 'node:crypto';
import { signToken } from '@shop/testing/tokens';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allow } from '../../src/auth/access.js';
import { type KeyResolver, localKeys, toPublicJwk } from '../../src/auth/keys.js';
import { auth } from '../../src/auth/plugin.js';
import { createLogger } from '../../src/logger.js';
import { createServiceApp, type ServiceApp } from '../../src/service-app.js';

// The auth plugin remembers tokens whose signature it checked. What must not change with it: a
// token is refused once it expires, once its key no longer resolves, and once it is revoked.

const ISSUER = 'test-issuer';
const AUDIENCE = 'test-audience';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = toPublicJwk(privateKey);

const tokenValidFor = (seconds: number, sub = crypto.randomUUID()) => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, role: 'CUSTOMER', ver: 0, jti: crypto.randomUUID(), iss: ISSUER };
  return `Bearer ${signToken(privateKey, jwk.kid, {
    ...claims,
    aud: AUDIENCE,
    iat: now,
    exp: now + seconds,
  })}`;
};

const apps: ServiceApp[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(apps.splice(0).map(async (app) => await app.close()));
});

const appWith = async (resolveKey: KeyResolver, revoked = new Set<string>()) => {
  const app = await createServiceApp({
    service: 'test-service',
    logger: createLogger({ service: 'test-service', level: 'silent' }),
    readiness: {},
  });
  apps.push(app);
  await app.register(auth, {
    issuer: ISSUER,
    audience: AUDIENCE,
    resolveKey,
    isRevoked: async ({ id }) => revoked.has(id),
  });
  app.get('/mine', { config: allow({ roles: ['CUSTOMER'] }) }, async () => ({ ok: true }));
  await app.ready();
  return app;
};

const statusOf = async (app: ServiceApp, authorization: string) =>
  (await app.inject({ method: 'GET', url: '/mine', headers: { authorization } })).statusCode;

describe('verified tokens, remembered', () => {
  it('when a token accepted before has expired, then it is refused (401)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const app = await appWith(localKeys([jwk]));
    const token = tokenValidFor(60);
    expect(await statusOf(app, token)).toBe(200);
    expect(await statusOf(app, token)).toBe(200);
    vi.setSystemTime(Date.now() + 61_000);
    expect(await statusOf(app, token)).toBe(401);
  });

  it('when a token accepted before names a key that no longer resolves, then it is refused (401)', async () => {
    let published = true;
    const keys = localKeys([jwk]);
    const app = await appWith(async (header) => {
      if (!published) throw new Error('unknown signing key');
      return await keys(header);
    });
    const token = tokenValidFor(600);
    expect(await statusOf(app, token)).toBe(200);
    published = false;
    expect(await statusOf(app, token)).toBe(401);
  });

  it('when the account of a token accepted before is revoked, then the token is refused (401)', async () => {
    const revoked = new Set<string>();
    const app = await appWith(localKeys([jwk]), revoked);
    const account = crypto.randomUUID();
    const token = tokenValidFor(600, account);
    expect(await statusOf(app, token)).toBe(200);
    revoked.add(account);
    expect(await statusOf(app, token)).toBe(401);
  });

  it('when a token was refused for a bad signature, then the same token is refused again', async () => {
    const app = await appWith(localKeys([jwk]));
    const token = tokenValidFor(600);
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await statusOf(app, forged)).toBe(401);
    expect(await statusOf(app, forged)).toBe(401);
    expect(await statusOf(app, token)).toBe(200);
  });
});
