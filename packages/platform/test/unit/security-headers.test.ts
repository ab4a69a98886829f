import pino from 'pino';
import { describe, expect, it } from 'vitest';
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
