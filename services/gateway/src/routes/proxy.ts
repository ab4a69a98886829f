import { Readable } from 'node:stream';
import proxy, { type FastifyHttpProxyOptions } from '@fastify/http-proxy';
import { PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import {
  type BreakerPass,
  type CircuitBreaker,
  type CircuitBreakers,
  connectionFailure,
  PUBLIC,
  requestTraceContext,
  type ServiceApp,
  traceHeaders,
  type Upstreams,
  upstreams,
} from '@shop/platform';
import type { GatewayConfig } from '../config.js';
import { PUBLIC_ROUTES, type PublicRoute, SERVICE_NAMES } from '../domain/routes.js';

type ProxyHandler = NonNullable<FastifyHttpProxyOptions['handler']>;
type FastifyRequest = Parameters<ProxyHandler>[0];
type FastifyReply = Parameters<ProxyHandler>[1];
type FastifyReplyFromHooks = Parameters<ProxyHandler>[3];
type FailedReply = Parameters<NonNullable<FastifyReplyFromHooks['onError']>>[0];

/** The gateway's trace context, when tracing is on and the request has a span. */
const traceHeadersOf = (request: object) => {
  const ctx = requestTraceContext(request);
  return ctx ? traceHeaders(ctx) : {};
};

/**
 * The gateway's request id, client address and trace context travel with the request. The
 * browser's Origin does not: the gateway answers CORS itself (its CORS_ORIGINS), so the
 * grant a browser sees is the gateway's alone, never one a service behind it added.
 */
const rewriteRequestHeaders: FastifyReplyFromHooks['rewriteRequestHeaders'] = (
  request,
  { origin: _browserOrigin, ...headers },
) => ({
  ...headers,
  'x-request-id': request.id,
  'x-forwarded-for': request.ip,
  // The service's span becomes a child of the gateway's (replacing the client's header).
  ...traceHeadersOf(request),
});

const sendUnavailable = (reply: FailedReply, name: string, error: Error) => {
  reply.log.warn({ err: error, service: name }, 'upstream failed');
  void reply
    .status(503)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: '/problems/service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      code: 'service-unavailable',
      detail: `${name} is unavailable; try again`,
    });
};

/**
 * Route config of every proxied route: public at the gateway, because the owning service
 * decides who may call each of its routes, in its own onRequest, before it reads the body.
 */
const forwarded = PUBLIC;

/** The pass each forwarded request got from its service's breaker, settled once it is answered. */
const passes = new WeakMap<FastifyRequest, BreakerPass>();

/**
 * Forwards through the service's circuit breaker: while it is open the request is answered 503
 * with Retry-After at once and never sent. What the service answered (a 5xx, or none: the 503 of
 * sendUnavailable) is counted when the answer is sent (`settleBreakers`).
 */
const throughBreaker =
  (breaker: CircuitBreaker, send: ProxyHandler): ProxyHandler =>
  (request, reply, dest, options) => {
    let pass: BreakerPass;
    try {
      pass = breaker.enter();
    } catch (open) {
      return reply.send(open);
    }
    passes.set(request, pass);
    // However the exchange ends, the pass ends with it: a client gone before the answer (reply-from
    // then sends nothing, so onSend never runs) must not leave a half-open breaker probing.
    reply.raw.once('close', () => pass.abandon());
    if (request.raw.destroyed) pass.abandon();
    return send(request, reply, dest, options);
  };

/**
 * Counts every forwarded answer for its breaker once its status is known, before its body is
 * streamed: a long answer (an event stream) that is the half-open probe must not keep the
 * breaker probing while it lasts.
 */
const settleBreakers = (scope: ServiceApp) => {
  scope.addHook('onSend', async (request, reply, payload) => {
    passes.get(request)?.settle(reply.statusCode >= 500);
    return payload;
  });
};

/** How each service is reached: its breaker, and how long it may take to start answering. */
interface Upstream {
  name: string;
  breaker: CircuitBreaker;
  /** Without it undici waits 300 s: a service that accepts and never answers held the client. */
  undici: { headersTimeout: number };
}

/** One instance of the service: every request streamed to it, as is. */
const proxyToOne = async (
  app: ServiceApp,
  { prefix }: PublicRoute,
  base: string,
  { name, breaker, undici }: Upstream,
) => {
  await app.register(async (scope) => {
    settleBreakers(scope);
    await scope.register(proxy, {
      upstream: base,
      prefix,
      rewritePrefix: prefix,
      config: forwarded,
      // One log line per request (request-log.ts), not three.
      disableRequestLogging: true,
      undici,
      replyOptions: {
        rewriteRequestHeaders,
        onError: (reply, { error }) => sendUnavailable(reply, name, error),
      },
      handler: throughBreaker(breaker, (_request, reply, dest, options) =>
        reply.from(dest, options),
      ),
    });
  });
};

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a failed attempt may go to the next replica: always when the request never left
 * (connection refused); when the connection broke without an answer only if sending it twice
 * is harmless (a read, or a write with an Idempotency-Key).
 */
const mayTryNext = (request: FastifyRequest, error: Error) => {
  const failure = connectionFailure(error);
  if (failure === 'not-sent') return true;
  return (
    failure === 'no-response' &&
    (IDEMPOTENT_METHODS.has(request.method) || request.headers['idempotency-key'] !== undefined)
  );
};

interface Forwarding {
  request: FastifyRequest;
  reply: FastifyReply;
  dest: string;
  options: FastifyReplyFromHooks;
  replicas: Upstreams;
  name: string;
}

/**
 * Sends the request to the replicas in the order `replicas.order()` gives (round robin, those
 * that failed lately last); a replica that could not be reached is skipped for a few seconds,
 * and the request goes to the next while `mayTryNext` allows it.
 */
const forward = ({ request, reply, dest, options, replicas, name }: Forwarding) => {
  const body = request.body instanceof Buffer && request.body.length > 0 ? request.body : null;
  const candidates = replicas.order();
  const attempt = (index: number): FastifyReply => {
    const base = candidates[index] as string;
    // A fresh stream per attempt (reply-from sends a stream body as is).
    request.body = body ? Readable.from([body], { objectMode: false }) : undefined;
    return reply.from(dest, {
      ...options,
      getUpstream: () => base,
      onError: (failed, { error }) => {
        if (connectionFailure(error)) replicas.failed(base);
        if (index + 1 < candidates.length && !failed.sent && mayTryNext(request, error)) {
          failed.log.warn({ err: error, service: name, replica: base }, 'replica unreachable');
          attempt(index + 1);
          return;
        }
        sendUnavailable(failed, name, error);
      },
    });
  };
  return attempt(0);
};

/** Several replicas: requests spread over them, and moved off one that cannot be reached. */
const proxyToReplicas = async (
  app: ServiceApp,
  { prefix }: PublicRoute,
  replicas: Upstreams,
  { name, breaker, undici }: Upstream,
) => {
  await app.register(async (scope) => {
    settleBreakers(scope);
    // Bodies are read whole (within the body limit) before forwarding, so the request can be
    // sent again to another replica: a streamed body would be gone with the first attempt.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    await scope.register(proxy, {
      // No fixed upstream: each attempt names its replica through getUpstream.
      upstream: '',
      prefix,
      rewritePrefix: prefix,
      config: forwarded,
      disableRequestLogging: true,
      undici,
      proxyPayloads: false,
      replyOptions: { rewriteRequestHeaders, getUpstream: () => replicas.bases[0] ?? '' },
      handler: throughBreaker(breaker, (request, reply, dest, options) =>
        forward({ request, reply, dest, options, replicas, name }),
      ),
    });
  });
};

/**
 * Every public route forwarded unchanged (path, query, body, Authorization) to the service that
 * owns it, with the gateway's request id and trace context, so one id and one trace follow the
 * request through every log and service. A service URL may list replicas: requests go round
 * robin. An unreachable service, or one that has not started answering within
 * `headersTimeoutMs`, is a 503 problem naming it, never a hanging or blank answer;
 * after CIRCUIT_BREAKER_FAILURE_THRESHOLD failed answers in a row its breaker opens and its
 * routes answer 503 with Retry-After at once for the cool-down, then one request probes it.
 */
export const registerProxies = async (
  app: ServiceApp,
  services: GatewayConfig['services'],
  breakers: CircuitBreakers,
  headersTimeoutMs: number,
) => {
  for (const route of PUBLIC_ROUTES) {
    const name = SERVICE_NAMES[route.service];
    const upstream = {
      name,
      breaker: breakers.for(name),
      undici: { headersTimeout: headersTimeoutMs },
    };
    const replicas = upstreams(services[route.service]);
    const [only] = replicas.bases;
    if (replicas.bases.length === 1 && only) await proxyToOne(app, route, only, upstream);
    else await proxyToReplicas(app, route, replicas, upstream);
  }
};
