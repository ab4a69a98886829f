import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PUBLIC } from '../../src/auth/access.js';
import type { PressureLimits } from '../../src/pressure.js';
import { createServiceApp, type ServiceApp } from '../../src/service-app.js';

const apps: ServiceApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map(async (app) => await app.close()));
});

const appWith = async (pressure: PressureLimits) => {
  const app = await createServiceApp({
    service: 'pressure-test',
    logger: pino({ level: 'silent' }),
    readiness: { store: async () => undefined },
    pressure,
  });
  app.get('/things', { config: PUBLIC }, async () => ({ things: [] }));
  apps.push(app);
  await app.ready();
  return app;
};

/** A heap limit of a byte: the first sample (after 10 ms) finds the process past it. */
const overloaded: PressureLimits = {
  maxEventLoopDelayMs: 0,
  maxHeapUsedRatio: 1e-12,
  retryAfterSeconds: 7,
  sampleIntervalMs: 10,
};

const underPressure = async (app: ServiceApp) =>
  await vi.waitFor(() => expect(app.isUnderPressure()).toBe(true), { timeout: 2_000 });

describe('load shedding', () => {
  it('when the process is past a pressure limit, then a request gets 503 problem+json with Retry-After', async () => {
    const app = await appWith(overloaded);
    await underPressure(app);
    const response = await app.inject({ method: 'GET', url: '/things' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['x-request-id']).toBeTruthy();
    expect(response.json()).toMatchObject({
      status: 503,
      code: 'service-unavailable',
      type: '/problems/service-unavailable',
      detail: expect.stringContaining('heapUsedBytes'),
    });
  });

  it('when the process is past a pressure limit, then liveness, readiness and the scrape still answer, and the scrape shows the pressure', async () => {
    const app = await appWith(overloaded);
    await underPressure(app);
    await app.inject({ method: 'GET', url: '/things' });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok' });
    const scrape = await app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/^http_under_pressure\{service="pressure-test"\} 1$/m);
    expect(scrape.body).toMatch(
      /^http_requests_shed_total\{reason="heapUsedBytes",service="pressure-test"\} 1$/m,
    );
  });

  it('when the process is within its limits, then requests are served and the scrape shows no pressure', async () => {
    const app = await appWith({ ...overloaded, maxHeapUsedRatio: 0.99 });
    // Let a few samples pass: a limit the process is within must not shed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.isUnderPressure()).toBe(false);
    const response = await app.inject({ method: 'GET', url: '/things' });
    expect(response.statusCode).toBe(200);
    const scrape = await app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.body).toMatch(/^http_under_pressure\{service="pressure-test"\} 0$/m);
  });

  it('when the event loop is on time and sampled as often as its timer ticks, then nothing is shed', async () => {
    // A sample that found no tick of the delay timer reads as an infinite delay: the timer
    // must tick more often than the process is sampled.
    const app = await appWith({
      maxEventLoopDelayMs: 1_000,
      maxHeapUsedRatio: 0,
      retryAfterSeconds: 7,
      sampleIntervalMs: 100,
    });
    const shedWhileIdle = vi.fn();
    const watch = setInterval(() => app.isUnderPressure() && shedWhileIdle(), 5);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(watch);
    expect(shedWhileIdle).not.toHaveBeenCalled();
    expect((await app.inject({ method: 'GET', url: '/things' })).statusCode).toBe(200);
  });
});
