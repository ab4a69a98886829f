import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { z } from 'zod';
import type { Stoppable } from './lifecycle.js';

/** An optional URL; empty counts as unset, so `.env` can switch an exporter off. */
const optionalUrl = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.url({ error: 'must be a URL' }).optional());

/**
 * The OpenTelemetry variables, spread into every service's config schema. Each endpoint that is
 * set (and not empty) turns on one exporter: OTLP/HTTP (a collector, Jaeger) and Zipkin's own
 * JSON API (`make observe` natively; Zipkin's server takes no OTLP).
 */
export const TRACING_ENV = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(),
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: optionalUrl(),
  OTEL_SERVICE_NAME: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
};

export interface TracingConfig {
  /** OTLP/HTTP base address (e.g. `http://otel-collector:4318`); spans go to `/v1/traces`. */
  endpoint?: string | undefined;
  /** Zipkin's span API, the full URL (e.g. `http://127.0.0.1:9411/api/v2/spans`). */
  zipkinEndpoint?: string | undefined;
  /** `service.name` of the spans; the service's own name when unset. */
  serviceName?: string | undefined;
}

/** The shape of `TRACING_ENV` once parsed, as a service's config exposes it. */
export const tracingConfig = (raw: {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_ZIPKIN_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
}): TracingConfig => ({
  endpoint: raw.OTEL_EXPORTER_OTLP_ENDPOINT,
  zipkinEndpoint: raw.OTEL_EXPORTER_ZIPKIN_ENDPOINT,
  serviceName: raw.OTEL_SERVICE_NAME,
});

let tracingOn = false;

/**
 * Whether spans are recorded in this process (`startTracing` with an exporter or a processor):
 * `createServiceApp` adds @fastify/otel's request spans only then.
 */
export const tracingEnabled = () => tracingOn;

/**
 * Registers the AsyncLocalStorage context manager (the active span and the log fields of
 * `withLogFields` follow every await) and, when an exporter endpoint is set (OTLP, Zipkin, or
 * both) or a test passes `processors`, the process's tracer provider and the W3C `traceparent`
 * propagator: call it first in server.ts. Spans are exported in batches off the request path (a
 * missing collector costs a failed export every few seconds, never a slower or failed request).
 * Without an endpoint tracing is off and costs nothing per request: no request spans, no-op
 * spans elsewhere, no `traceparent` sent or stored with events, no trace ids in the logs.
 * `processors` lets a test collect spans in memory. `stop` flushes and unregisters.
 */
export const startTracing = (
  service: string,
  config: TracingConfig = {},
  processors: SpanProcessor[] = [],
): Stoppable => {
  if (!config.endpoint && !config.zipkinEndpoint && processors.length === 0) {
    if (!context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()))
      throw new Error('tracing is already started in this process');
    return { stop: async () => context.disable() };
  }
  const exporters = config.endpoint
    ? [
        new BatchSpanProcessor(
          new OTLPTraceExporter({
            url: `${config.endpoint.replace(/\/+$/, '')}/v1/traces`,
            // Bounds how long the flush at shutdown can wait for an unreachable collector.
            timeoutMillis: 3_000,
          }),
        ),
      ]
    : [];
  const zipkin = config.zipkinEndpoint
    ? [
        new BatchSpanProcessor(new ZipkinExporter({ url: config.zipkinEndpoint }), {
          // The same bound for a Zipkin server that does not answer.
          exportTimeoutMillis: 3_000,
        }),
      ]
    : [];
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName ?? service }),
    ),
    spanProcessors: [...exporters, ...zipkin, ...processors],
  });
  const registered =
    trace.setGlobalTracerProvider(provider) &&
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) &&
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (!registered) throw new Error('tracing is already started in this process');
  tracingOn = true;
  return {
    stop: async () => {
      tracingOn = false;
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
};

/** The platform's tracer (a no-op one until `startTracing`). */
export const tracer = (): Tracer => trace.getTracer('@shop/platform');

/** `traceparent` (and `tracestate`) of `ctx`, to send with a request or store with an event. */
export const traceHeaders = (ctx: Context = context.active()): Record<string, string> => {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return headers;
};

/** The `traceparent` of the active span: what an outbox stores with each event it writes. */
export const currentTraceparent = (): string | undefined => traceHeaders().traceparent;

/** The remote parent a `traceparent` names (the root context when absent or malformed). */
export const contextOf = (traceparent: string | undefined): Context =>
  traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;

/** Fields every log line written in a context carries (e.g. the `orderId` of an event). */
const LOG_FIELDS = createContextKey('shop.log-fields');

export const withLogFields = (ctx: Context, fields: Record<string, string>): Context =>
  ctx.setValue(LOG_FIELDS, { ...(ctx.getValue(LOG_FIELDS) as object | undefined), ...fields });

/**
 * pino `mixin`: `traceId`/`spanId` of the active span and the context's log fields. Called for
 * every line written, so it only reads the context; a fresh object each time (pino mutates it).
 */
export const traceLogFields = (): Record<string, unknown> => {
  const active = context.active();
  const fields = active.getValue(LOG_FIELDS) as Record<string, string> | undefined;
  const spanContext = trace.getSpan(active)?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return { ...fields };
  return { ...fields, traceId: spanContext.traceId, spanId: spanContext.spanId };
};

/** Adds the error (message and stack) as an event of the span, the active one by default. */
export const recordError = (error: unknown, span = trace.getActiveSpan()) => {
  span?.recordException(error instanceof Error ? error : String(error));
};

/** Marks a span as failed with the error's message and stack. */
export const recordFailure = (span: Span, error: unknown) => {
  recordError(error, span);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
};

export interface InSpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** The parent; the active context when omitted. */
  parent?: Context;
  logFields?: Record<string, string>;
}

/**
 * Runs `work` with a new span active (and `logFields` on its log lines); a throw marks the span
 * failed. The span ends when `work` settles.
 */
export const inSpan = async <T>(
  name: string,
  { kind, attributes, parent = context.active(), logFields }: InSpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> => {
  const span = tracer().startSpan(name, { kind, ...(attributes ? { attributes } : {}) }, parent);
  const active = trace.setSpan(parent, span);
  try {
    return await context.with(
      logFields ? withLogFields(active, logFields) : active,
      work,
      undefined,
      span,
    );
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
};

/** Tags the active span with the order it is about (Jaeger: search by tag `order.id=<id>`). */
export const tagOrder = (orderId: string) => {
  trace.getActiveSpan()?.setAttribute('order.id', orderId);
};
