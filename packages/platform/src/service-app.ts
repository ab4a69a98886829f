import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  type FastifyPluginAsyncZod,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { apiDocTransform, PROBLEM_SCHEMA_ID, problemComponent } from './api-docs.js';
import { enforceRouteAccess } from './auth/access.js';
import { type AuthOptions, auth } from './auth/plugin.js';
import { DEFAULT_CORS_ORIGINS } from './config-fragments.js';
import { type HealthOptions, health } from './health.js';
import type { CircuitBreakers } from './http/circuit-breaker.js';
import { traceRequests } from './http-tracing.js';
import { createRegistry, metrics } from './metrics.js';
import { NO_PRESSURE_LIMITS, type PressureLimits, shedUnderPressure } from './pressure.js';
import { problemDetails } from './problem.js';
import { OneLinePerRequest } from './request-log.js';
import { securityHeaders } from './security-headers.js';

export interface ServiceAppOptions {
  /** e.g. `item-service`; labels metrics and names the API docs. */
  service: string;
  description?: string;
  version?: string;
  logger: FastifyBaseLogger;
  readiness: HealthOptions['checks'];
  /** The service's circuit breakers: their states are shown by `/health/ready`. */
  breakers?: CircuitBreakers;
  /** Largest accepted request body in bytes (default 64 KiB); larger ones get 413. */
  bodyLimit?: number;
  /** The service's metrics registry (see `createRegistry`); one is made when omitted. */
  registry?: Registry;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For gives `request.ip`. */
  trustProxy?: string[];
  /** Send Strict-Transport-Security: only when clients reach the app over TLS (default off). */
  hsts?: boolean;
  /** Replaces the OpenAPI document served at `/docs/json` (the gateway serves a merged one). */
  apiDocument?: () => Record<string, unknown>;
  /** When to shed requests with 503 (the service's `pressure` config); never when omitted. */
  pressure?: PressureLimits;
  /** Browser origins allowed to call from elsewhere (CORS_ORIGINS); default the dev server's. */
  corsOrigins?: readonly string[];
  /**
   * Who the callers are: the auth plugin (auth/plugin.ts), registered last, so the routes added
   * afterwards can declare their access. Every service passes it; a test of the plumbing alone
   * may leave it out.
   */
  auth?: AuthOptions;
}

/** What the API's clients send: the methods of its routes and the headers they read. */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-Request-Id',
  'traceparent',
];
/** Response headers a page on another origin may read (Retry-After of a 429/503 among them). */
export const CORS_EXPOSED_HEADERS = ['Location', 'Retry-After', 'X-Request-Id', 'ETag'];

export type ServiceApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The Fastify instance every service starts from: a trace span per request when tracing is on
 * (@fastify/otel, http-tracing.ts),
 * zod validation and serialisation, problem+json errors, request ids, one log line per request
 * (with its trace id), load shedding (503 + Retry-After past the pressure limits, pressure.ts),
 * health, metrics, OpenAPI at `/docs` (UI) and `/docs/json`, and authentication (`auth`).
 * Register routes on the returned instance: each declares who may call it
 * (`config: PUBLIC` or `config: allow({ roles, services })`, see auth/access.ts), checked in
 * onRequest, before the body is parsed; a route declaring nothing stops the service at start.
 */
export const createServiceApp = async (options: ServiceAppOptions): Promise<ServiceApp> => {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new OneLinePerRequest(),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // avvio's 10 s per plugin is too tight for a start on a saturated machine (seen once in a
    // clean `make test` on two cores, a payment-service suite's app): a start that is slow is
    // still a start; one that hangs is refused after a minute.
    pluginTimeout: 60_000,
    requestIdHeader: 'x-request-id',
    ...(options.trustProxy?.length ? { trustProxy: options.trustProxy } : {}),
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  // First, so every later hook (authentication, request ids) runs in the request's trace.
  await traceRequests(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Hooks on every request take a callback, not a promise: an async hook costs a promise and a
  // turn of the microtask queue per request (measured on the cached catalog read).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  await securityHeaders(app, { hsts: options.hsts ?? false });
  // Before CORS: its hooks come first, so an OPTIONS that is no preflight is a 405 (problem.ts).
  await app.register(problemDetails);
  // Before authentication: a preflight carries no token and is answered in this hook. An
  // origin not listed gets no Access-Control-Allow-Origin, so its page cannot read the answer.
  await app.register(cors, {
    origin: [...(options.corsOrigins ?? DEFAULT_CORS_ORIGINS)],
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  const registry = options.registry ?? createRegistry(options.service);
  // Before authentication and body parsing: a shed request costs as little as possible.
  await shedUnderPressure(app, options.pressure ?? NO_PRESSURE_LIMITS, registry);
  await app.register(swagger, {
    openapi: {
      info: {
        title: options.service,
        description: options.description ?? '',
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { [PROBLEM_SCHEMA_ID]: problemComponent() },
      },
    },
    transform: apiDocTransform,
  });
  const apiDocument = options.apiDocument;
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    ...(apiDocument ? { transformSpecification: () => apiDocument() } : {}),
  });
  const { breakers } = options;
  await app.register(health, {
    checks: options.readiness,
    ...(breakers ? { details: () => ({ breakers: breakers.states() }) } : {}),
  });
  await app.register(metrics, { service: options.service, registry });
  // Health, metrics and docs above are public; every route the service adds declares its access.
  enforceRouteAccess(app);
  if (options.auth) await app.register(auth, options.auth);
  return app;
};

/** A route plugin of a service, typed by the zod schemas of its routes. */
export type RoutesPlugin<Options extends object = Record<never, never>> =
  FastifyPluginAsyncZod<Options>;
export type ServiceLogger = FastifyBaseLogger;
export type { FastifyReply as ServiceReply, FastifyRequest as ServiceRequest } from 'fastify';
