import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, securityHeaderSet } from '../../src/security-headers.js';
import { createServiceApp } from '../../src/service-app.js';

const appWith = async (hsts?: boolean) =>
  await createServiceApp({
    service: 'headers-test',
    logger: pino({ level: 'silent' }),
    readiness: {},
    ...(hsts === undefined ? {} : { hsts }),
  });

describe('security headers', () => {
  it('when any answer goes out, an error too, then it carries CSP with frame-ancestors none, nosniff, DENY and no-referrer', async () => {
    const app = await appWith();
    for (const url of ['/health/live', '/no-such-route']) {
      const response = await app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    await app.close();
  });

  it('when the app is behind TLS (hsts), then Strict-Transport-Security is sent', async () => {
    const app = await appWith(true);
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    await app.close();
  });
});

describe('the static header set', () => {
  it('when it is compared with what @fastify/helmet sent for the same options, then it is the same set, HSTS or not', async () => {
    for (const hsts of [false, true]) {
      const reference = Fastify();
      await reference.register(helmet, {
        contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
        frameguard: { action: 'deny' },
        referrerPolicy: { policy: 'no-referrer' },
        strictTransportSecurity: hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
        crossOriginEmbedderPolicy: false,
      });
      reference.get('/', async () => 'ok');
      const helmetSent = (await reference.inject({ url: '/' })).headers;
      const ours = securityHeaderSet({ hsts });
      const fromHelmet = Object.fromEntries(
        Object.keys(ours).map((name) => [name, helmetSent[name]]),
      );
      expect(fromHelmet).toEqual(ours);
      // Nothing helmet sends is missing from ours.
      const helmetOnly = Object.keys(helmetSent).filter(
        (name) =>
          !(name in ours) &&
          !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name),
      );
      expect(helmetOnly).toEqual([]);
      await reference.close();
    }
  });
});
