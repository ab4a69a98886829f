import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { recordFailure, tracer } from './tracing.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's trace context (its SERVER span); null for health and metrics probes. */
    traceContext: Context | null;
  }
}

/** Probes and scrapes arrive every few seconds: spans of them would bury the real traces. */
const untraced = (route: string | undefined) =>
  route === '/metrics' || route?.startsWith('/health/') === true;

const serverSpan = (request: FastifyRequest) => {
  const route = request.routeOptions.url;
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const span = tracer().startSpan(
    route ? `${request.method} ${route}` : request.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: request.method,
        [ATTR_URL_PATH]: request.url.split('?')[0],
        ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
        // The x-request-id of the log lines.
        'shop.request.id': request.id,
      },
    },
    parent,
  );
  return trace.setSpan(parent, span);
};

/**
 * Runs the rest of the hook chain, and so the handler, inside the request's context: Fastify
 * calls the next hook (or the handler) synchronously from `done`, so everything from there on,
 * and every continuation it awaits, inherits the context.
 */
const reenter = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
  if (request.traceContext) context.with(request.traceContext, done);
  else done();
};

const spanOf = (request: FastifyRequest) =>
  request.traceContext ? trace.getSpan(request.traceContext) : undefined;

/**
 * A SERVER span per request, named `METHOD /route/pattern`, child of an incoming `traceparent`,
 * and active for the whole handler. `onRequest` starts it and calls `done` inside
 * `context.with`: the rest of the chain runs in it (AsyncLocalStorage follows every await, and
 * Fastify carries the context across body parsing with an AsyncResource). `preHandler` enters
 * it once more, so the handler, the reply and the error handler are in it even when a hook
 * resumed the chain from a callback of another context (a pooled connection's socket, say).
 * (`enterWith` is avoided: it would also change the context of whatever else the current
 * callback runs after the hook, not just this request's chain.)
 * `onResponse` ends the span with the status.
 */
export const traceRequests = (app: FastifyInstance) => {
  app.decorateRequest('traceContext', null);
  app.addHook('onRequest', (request, reply, done) => {
    if (untraced(request.routeOptions.url)) return done();
    request.traceContext = serverSpan(request);
    reenter(request, reply, done);
  });
  app.addHook('preHandler', reenter);
  app.addHook('onResponse', (request, reply, done) => {
    const span = spanOf(request);
    span?.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    if (reply.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end();
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    spanOf(request)?.setStatus({ code: SpanStatusCode.ERROR, message: 'client aborted' });
    spanOf(request)?.end();
    done();
  });
};

/** Runs `write` in the request's context, so a log line written after the reply carries it. */
export const inRequestContext = <T>(request: FastifyRequest, write: () => T): T =>
  context.with(request.traceContext ?? ROOT_CONTEXT, write);

const setHeader = {
  set: (headers: Headers, key: string, value: string) => headers.set(key, value),
};

/**
 * `fetch` for calls to other services: a CLIENT span (child of the active context) whose
 * `traceparent` the request carries, so the callee's spans join the caller's trace.
 */
export const tracedFetch = async (url: string | URL, init: RequestInit = {}): Promise<Response> => {
  const target = new URL(url);
  const method = (init.method ?? 'GET').toUpperCase();
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
  const headers = new Headers(init.headers);
  propagation.inject(trace.setSpan(context.active(), span), headers, setHeader);
  try {
    const response = await fetch(target, { ...init, headers });
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
};
