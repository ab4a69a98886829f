import { Writable } from 'node:stream';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { eventually, listen } from '@shop/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createLogger,
  createServiceApp,
  PUBLIC,
  type ServiceApp,
  type Stoppable,
  startTracing,
  tracedRequest,
} from '../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

const exporter = new InMemorySpanExporter();
let tracing: Stoppable;
beforeAll(() => {
  tracing = startTracing('platform-test', {}, [new SimpleSpanProcessor(exporter)]);
});
afterAll(async () => await tracing.stop());

const apps: ServiceApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map(async (app) => await app.close()));
  exporter.reset();
});

type LogLine = Record<string, unknown>;

const buildTestApp = async () => {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  const logger = createLogger({ service: 'test-service', level: 'info' }, stream);
  const app = await createServiceApp({ service: 'test-service', logger, readiness: {} });
  apps.push(app);
  return { app, lines };
};

const activeIds = () => {
  const ids = trace.getActiveSpan()?.spanContext();
  return { traceId: ids?.traceId, spanId: ids?.spanId };
};

const serverSpans = () => exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
const requestLine = (lines: LogLine[]) => lines.find((line) => line.msg === 'request');

describe('a SERVER span per request', () => {
  it('when a request carries a traceparent, then its span is a child of it and its log line carries that trace id', async () => {
    const { app, lines } = await buildTestApp();
    app.get('/things/:id', { config: PUBLIC }, async () => ({ ok: true }));
    await app.ready();

    const response = await app.inject({
      url: '/things/7?q=secret',
      headers: { traceparent: TRACEPARENT },
    });

    expect(response.statusCode).toBe(200);
    const [span] = serverSpans();
    expect(span?.name).toBe('GET /things/:id');
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(span?.attributes).toMatchObject({
      'http.route': '/things/:id',
      'http.response.status_code': 200,
      'url.path': '/things/7',
      // @fastify/otel's request span.
      'fastify.root': '@fastify/otel',
    });
    expect(requestLine(lines)).toMatchObject({
      traceId: TRACE_ID,
      spanId: span?.spanContext().spanId,
      route: '/things/:id',
      statusCode: 200,
    });
  });

  it('when a request carries no traceparent, then it starts a fresh trace, in its log line too', async () => {
    const { app, lines } = await buildTestApp();
    app.get('/things', { config: PUBLIC }, async () => ({ ok: true }));
    await app.ready();

    await app.inject({ url: '/things' });
    await app.inject({ url: '/things' });

    const spans = serverSpans();
    expect(spans).toHaveLength(2);
    expect(spans[0]?.parentSpanContext).toBeUndefined();
    const logged = lines.filter((line) => line.msg === 'request').map((line) => line.traceId);
    expect(logged).toEqual(spans.map((span) => span.spanContext().traceId));
    expect(logged[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(logged[0]).not.toBe(logged[1]);
  });

  it('when a body arrives over the socket and a hook resumes from another context, then the handler and its log lines still run in the request span', async () => {
    const { app, lines } = await buildTestApp();
    let inHook: ReturnType<typeof activeIds> | undefined;
    let inHandler: ReturnType<typeof activeIds> | undefined;
    app.post(
      '/things',
      {
        config: PUBLIC,
        schema: { body: z.object({ name: z.string() }) },
        // Resumes the chain from a timer of the root context, as a pooled client's callback can.
        preValidation: (_request, _reply, done) => {
          context.with(ROOT_CONTEXT, () => setTimeout(done, 5));
        },
        preHandler: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          inHook = activeIds();
        },
      },
      async (request, reply) => {
        await new Promise((resolve) => setImmediate(resolve));
        inHandler = activeIds();
        request.log.info('handling');
        return await reply.status(201).send({ created: request.body.name });
      },
    );
    // Over a socket: inject() pushes the body synchronously, a real request does not.
    const url = await listen(app);

    const response = await fetch(`${url}/things`, {
      method: 'POST',
      headers: { traceparent: TRACEPARENT, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });

    expect(response.status).toBe(201);
    await eventually(() => serverSpans().length === 1);

    const spanId = serverSpans()[0]?.spanContext().spanId;
    expect(inHook).toEqual({ traceId: TRACE_ID, spanId });
    expect(inHandler).toEqual({ traceId: TRACE_ID, spanId });
    expect(lines.find((line) => line.msg === 'handling')).toMatchObject({
      traceId: TRACE_ID,
      spanId,
    });
  });

  it('when a handler fails, then its span is marked as an error with the exception', async () => {
    const { app } = await buildTestApp();
    app.get('/bug', { config: PUBLIC }, async () => {
      throw new Error('boom');
    });
    await app.ready();

    expect((await app.inject({ url: '/bug' })).statusCode).toBe(500);

    const [span] = serverSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.events.map((event) => event.name)).toContain('exception');
  });

  it('when health is probed, then no span is made (probes would bury the real traces)', async () => {
    const { app } = await buildTestApp();
    await app.ready();
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    expect(serverSpans()).toEqual([]);
  });
});

describe('tracedRequest', () => {
  it('when a handler calls another service, then the callee continues the trace through a CLIENT span', async () => {
    const callee = await buildTestApp();
    callee.app.get('/inner', { config: PUBLIC }, async (request) => ({
      traceparent: request.headers.traceparent,
    }));
    const url = await listen(callee.app);
    const caller = await buildTestApp();
    caller.app.get(
      '/outer',
      { config: PUBLIC },
      async () => await (await tracedRequest(`${url}/inner`)).body.json(),
    );
    await caller.app.ready();

    await caller.app.inject({ url: '/outer', headers: { traceparent: TRACEPARENT } });

    await eventually(() => serverSpans().length === 2);
    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.find((span: ReadableSpan) => span.name === name);
    const [outer, client, inner] = [byName('GET /outer'), byName('GET'), byName('GET /inner')];
    expect(client?.kind).toBe(SpanKind.CLIENT);
    expect(client?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(inner?.parentSpanContext?.spanId).toBe(client?.spanContext().spanId);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([TRACE_ID]));
    expect(requestLine(callee.lines)?.traceId).toBe(TRACE_ID);
  });
});
