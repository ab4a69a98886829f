import { FastifyOtelInstrumentation } from '@fastify/otel';
import {
  type Context,
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Dispatcher, request } from 'undici';
import { recordFailure, tracer, tracingEnabled } from './tracing.js';

/** Probes and scrapes arrive every few seconds: spans of them would bury the real traces. */
const untraced = ({ url }: { url: string }) => {
  const path = url.split('?')[0] ?? url;
  return path === '/metrics' || path.startsWith('/health/');
};

/**
 * The request's trace context (its SERVER span), to send with a proxied request or write a log
 * line in; undefined when tracing is off or the route is not traced.
 */
export const requestTraceContext = (request: object): Context | undefined =>
  // Decorated by @fastify/otel only when tracing is on (any server's request, HTTP/2 too).
  (request as Partial<Pick<FastifyRequest, 'opentelemetry'>>).opentelemetry?.().context ??
  undefined;

/**
 * A SERVER span per request from @fastify/otel, when tracing is on (`startTracing` with an
 * exporter): named `METHOD /route/pattern`, child of an incoming `traceparent`, ended with the
 * status, marked failed on a 5xx, probes and scrapes left out. Only the request span: a span per
 * hook and handler would multiply the spans of every request for little. Its `onRequest` runs
 * the rest of the chain in the span's context; a `preHandler` enters it once more, so the handler,
 * the reply and the error handler are in it even when a hook resumed the chain from a callback of
 * another context (a pooled connection's socket, say). Register it first, so every later hook
 * and route is covered. When tracing is off nothing is added: no per-request cost.
 */
export const traceRequests = async (app: FastifyInstance) => {
  if (!tracingEnabled()) return;
  const instrumentation = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    instrumentHandler: false,
    ignorePaths: untraced,
    requestHook: (span, request) => {
      const route = request.routeOptions.url;
      if (route) span.updateName(`${request.method} ${route}`);
      // Without the query string (the instrumentation records the raw URL): it may carry search
      // terms or tokens.
      span.setAttribute(ATTR_URL_PATH, request.url.split('?')[0] ?? request.url);
      // The x-request-id of the log lines.
      span.setAttribute('shop.request.id', request.id);
    },
  });
  await app.register(instrumentation.plugin());
  app.addHook('preHandler', (request, _reply, done) => {
    const ctx = requestTraceContext(request);
    if (ctx) context.with(ctx, done);
    else done();
  });
};

/** Runs `write` in the request's context, so a log line written after the reply carries it. */
export const inRequestContext = <T>(request: FastifyRequest, write: () => T): T => {
  const ctx = requestTraceContext(request);
  return ctx ? context.with(ctx, write) : write();
};

/** What a call to another service sends (see `tracedRequest`). */
export interface OutgoingRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | null;
  signal?: AbortSignal | null;
}

/**
 * A call to another service: a CLIENT span (child of the active context) whose `traceparent`
 * the request carries, so the callee's spans join the caller's trace. Through undici's
 * `request`, not `fetch`: fetch's Request, Response and web streams cost about three times the
 * CPU per call, and these calls are on every order's path. Resolves when the response's headers
 * came; the caller must read or dump the body, which holds the connection until then.
 */
export const tracedRequest = async (
  url: string,
  init: OutgoingRequest = {},
): Promise<Dispatcher.ResponseData> => {
  const target = new URL(url);
  const method = (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
  const span = tracer().startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      // Without the query string: it may carry search terms.
      [ATTR_URL_FULL]: `${target.origin}${target.pathname}`,
      [ATTR_SERVER_ADDRESS]: target.hostname,
      [ATTR_SERVER_PORT]: Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
    },
  });
  const headers = { ...init.headers };
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    const response = await request(target, {
      method,
      headers,
      body: init.body ?? null,
      signal: init.signal ?? undefined,
    });
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
};
