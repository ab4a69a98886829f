import { generateKeyPairSync } from 'node:crypto';
import type { Role } from '@shop/contracts';
import { signToken } from '@shop/testing/tokens';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Access, allow, decideAccess, PUBLIC } from '../../src/auth/access.js';
import { localKeys, toPublicJwk } from '../../src/auth/keys.js';
import { auth } from '../../src/auth/plugin.js';
import type { Caller } from '../../src/caller.js';
import { createLogger } from '../../src/logger.js';
import { createServiceApp, type ServiceApp } from '../../src/service-app.js';

const caller = (role: Role, id: string = crypto.randomUUID()): Caller => ({
  id,
  role,
  tokenVersion: 0,
});

describe('decideAccess', () => {
  const admins: Access = { roles: ['ADMIN'] };
  const people: Access = { roles: ['CUSTOMER', 'ADMIN'] };
  const orderService: Access = { services: ['order-service'] };

  it('when a route is public, then anyone passes, with or without a token', () => {
    expect(decideAccess('public', null)).toBe('allow');
    expect(decideAccess('public', caller('SERVICE', 'notification-service'))).toBe('allow');
  });

  it('when there is no caller on a guarded route, then unauthenticated (401), whatever the rule', () => {
    for (const rule of [admins, people, orderService]) {
      expect(decideAccess(rule, null)).toBe('unauthenticated');
    }
  });

  it('when the role is not among those admitted, then forbidden (403)', () => {
    expect(decideAccess(admins, caller('CUSTOMER'))).toBe('forbidden');
    expect(decideAccess(admins, caller('ADMIN'))).toBe('allow');
    expect(decideAccess(people, caller('CUSTOMER'))).toBe('allow');
    expect(decideAccess(orderService, caller('ADMIN'))).toBe('forbidden');
  });

  it('when a SERVICE token calls, then only the services the route names pass', () => {
    expect(decideAccess(orderService, caller('SERVICE', 'order-service'))).toBe('allow');
    expect(decideAccess(orderService, caller('SERVICE', 'notification-service'))).toBe('forbidden');
    // A route for people admits no service, however it is named.
    expect(decideAccess(people, caller('SERVICE', 'order-service'))).toBe('forbidden');
    expect(decideAccess(admins, caller('SERVICE', 'ADMIN'))).toBe('forbidden');
  });

  it('when a rule admits nobody, then allow() refuses it at start-up', () => {
    expect(() => allow({})).toThrow(/at least one role or service/);
    expect(() => allow({ roles: [], services: [] })).toThrow(/at least one role or service/);
  });
});

const ISSUER = 'test-issuer';
const AUDIENCE = 'test-audience';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = toPublicJwk(privateKey);

const tokenFor = (sub: string, role: Role) => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, role, ver: 0, jti: crypto.randomUUID(), iss: ISSUER, aud: AUDIENCE };
  return `Bearer ${signToken(privateKey, jwk.kid, { ...claims, iat: now, exp: now + 60 })}`;
};

const apps: ServiceApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map(async (app) => await app.close()));
});

const Thing = z.strictObject({ name: z.string().min(1) });

/** A service with an ADMIN write, an order-service-only write and a public write. */
const buildApp = async () => {
  const app = await createServiceApp({
    service: 'test-service',
    logger: createLogger({ service: 'test-service', level: 'silent' }),
    readiness: {},
  });
  apps.push(app);
  await app.register(auth, { issuer: ISSUER, audience: AUDIENCE, resolveKey: localKeys([jwk]) });
  let handled = 0;
  const handler = async () => {
    handled += 1;
    return { ok: true };
  };
  const answer = { 200: z.object({ ok: z.boolean() }) };
  app.post(
    '/admin',
    { config: allow({ roles: ['ADMIN'] }), schema: { body: Thing, response: answer } },
    handler,
  );
  const forOrders = allow({ services: ['order-service'] });
  app.post('/holds', { config: forOrders, schema: { body: Thing } }, handler);
  app.post('/open', { config: PUBLIC, schema: { body: Thing } }, handler);
  await app.ready();
  return { app, handled: () => handled };
};

const post = async (app: ServiceApp, url: string, authorization?: string, body: unknown = {}) =>
  await app.inject({
    method: 'POST',
    url,
    payload: body as Record<string, unknown>,
    headers: authorization ? { authorization } : {},
  });

describe('route access, checked in onRequest', () => {
  it('when anonymous with a bad body, then 401 (not 400) and the handler never runs', async () => {
    const { app, handled } = await buildApp();
    const response = await post(app, '/admin', undefined, { role: 'ADMIN' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(handled()).toBe(0);
  });

  it('when the body is not even JSON and the caller is anonymous, then still 401', async () => {
    const { app } = await buildApp();
    const response = await app.inject({
      method: 'POST',
      url: '/admin',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(response.statusCode).toBe(401);
  });

  it('when a customer with a bad body calls an ADMIN route, then 403 (not 400)', async () => {
    const { app, handled } = await buildApp();
    const response = await post(app, '/admin', tokenFor(crypto.randomUUID(), 'CUSTOMER'), {});
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/ADMIN/) });
    expect(handled()).toBe(0);
  });

  it('when the caller is admitted, then the body is validated next: 400 for a bad one, 200 for a good one', async () => {
    const { app, handled } = await buildApp();
    const admin = tokenFor(crypto.randomUUID(), 'ADMIN');
    expect((await post(app, '/admin', admin, { role: 'x' })).statusCode).toBe(400);
    expect((await post(app, '/admin', admin, { name: 'a' })).statusCode).toBe(200);
    expect(handled()).toBe(1);
  });

  it("when another service's SERVICE token calls a route of order-service's, then 403", async () => {
    const { app, handled } = await buildApp();
    const notifications = tokenFor('notification-service', 'SERVICE');
    const orders = tokenFor('order-service', 'SERVICE');
    const refused = await post(app, '/holds', notifications, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/notification-service may not call/);
    expect((await post(app, '/holds', orders, { name: 'a' })).statusCode).toBe(200);
    expect((await post(app, '/admin', orders, { name: 'a' })).statusCode).toBe(403);
    const asAdmin = await post(app, '/holds', tokenFor(crypto.randomUUID(), 'ADMIN'), {});
    expect(asAdmin.statusCode).toBe(403);
    expect(asAdmin.json().detail).not.toContain('order-service');
    expect(handled()).toBe(1);
  });

  it('when a route is public, then anonymous callers reach validation and the handler', async () => {
    const { app } = await buildApp();
    expect((await post(app, '/open', undefined, {})).statusCode).toBe(400);
    expect((await post(app, '/open', undefined, { name: 'a' })).statusCode).toBe(200);
  });

  it('when a route declares no access, then the service does not start', async () => {
    const app = await createServiceApp({
      service: 'test-service',
      logger: createLogger({ service: 'test-service', level: 'silent' }),
      readiness: {},
    });
    apps.push(app);
    expect(() => app.get('/forgotten', async () => ({}))).toThrow(
      /GET \/forgotten declares no access/,
    );
  });

  it('when a guarded route is declared before the auth plugin, then the service does not start', async () => {
    const app = await createServiceApp({
      service: 'test-service',
      logger: createLogger({ service: 'test-service', level: 'silent' }),
      readiness: {},
    });
    apps.push(app);
    expect(() => app.get('/x', { config: allow({ roles: ['ADMIN'] }) }, async () => ({}))).toThrow(
      /needs the auth plugin/,
    );
  });

  it('when the API document is read, then each operation says who may call it', async () => {
    const { app } = await buildApp();
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(document.paths['/admin'].post).toMatchObject({
      'x-access': { roles: ['ADMIN'] },
      security: [{ bearerAuth: [] }],
      responses: { 401: expect.anything(), 403: expect.anything() },
    });
    expect(document.paths['/holds'].post['x-access']).toEqual({ services: ['order-service'] });
    expect(document.paths['/open'].post['x-access']).toBe('public');
    expect(document.paths['/open'].post).not.toHaveProperty('security');
  });
});
