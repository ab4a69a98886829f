import { context, createContextKey, trace } from '@opentelemetry/api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServiceApp,
  currentTraceparent,
  PUBLIC,
  requestTraceContext,
  type Stoppable,
  startTracing,
  tracingEnabled,
} from '../src/index.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

// What server.ts does when no exporter endpoint is set.
let tracing: Stoppable;
beforeAll(() => {
  tracing = startTracing('tracing-off-test', {});
});
afterAll(async () => await tracing.stop());

describe('tracing without an exporter', () => {
  it('when no endpoint is set, then requests get no span, no request hooks of @fastify/otel, and nothing propagates', async () => {
    expect(tracingEnabled()).toBe(false);
    const app = await createServiceApp({
      service: 'tracing-off-test',
      logger: pino({ level: 'silent' }),
      readiness: {},
    });
    let seen: { ctx: unknown; active: unknown; traceparent: unknown } | undefined;
    app.get('/things', { config: PUBLIC }, async (request) => {
      seen = {
        ctx: requestTraceContext(request),
        active: trace.getActiveSpan(),
        traceparent: currentTraceparent(),
      };
      return { ok: true };
    });
    await app.ready();

    const response = await app.inject({ url: '/things', headers: { traceparent: TRACEPARENT } });

    expect(response.statusCode).toBe(200);
    expect(app.hasPlugin('@fastify/otel')).toBe(false);
    expect(seen).toEqual({ ctx: undefined, active: undefined, traceparent: undefined });
    await app.close();
  });

  it('when no endpoint is set, then the context still follows awaits (log fields of consumed events)', async () => {
    const key = createContextKey('test');
    const value = await context.with(context.active().setValue(key, 'kept'), async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return context.active().getValue(key);
    });
    expect(value).toBe('kept');
  });
});
