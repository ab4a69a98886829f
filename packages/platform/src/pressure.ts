import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import { UnavailableError } from './errors.js';

/** The limits past which a service sheds requests (see `shedUnderPressure`); 0 turns one off. */
export interface PressureLimits {
  /** Mean event-loop delay over one sample, in ms. */
  maxEventLoopDelayMs: number;
  /** Heap in use as a share of V8's heap limit (`--max-old-space-size`), e.g. 0.9. */
  maxHeapUsedRatio: number;
  /** What `Retry-After` asks a shed client to wait, in seconds. */
  retryAfterSeconds: number;
  /** How often the process is measured, in ms (under-pressure's default: 1 s). */
  sampleIntervalMs?: number;
}

export const DEFAULT_PRESSURE_LIMITS: PressureLimits = {
  maxEventLoopDelayMs: 1_000,
  maxHeapUsedRatio: 0.9,
  retryAfterSeconds: 10,
};

/** Never sheds (apps built without the service's config: tests, stubs). */
export const NO_PRESSURE_LIMITS: PressureLimits = {
  maxEventLoopDelayMs: 0,
  maxHeapUsedRatio: 0,
  retryAfterSeconds: DEFAULT_PRESSURE_LIMITS.retryAfterSeconds,
};

/**
 * Routes that answer under pressure too: the probes (a shedding process is alive and its stores
 * answer: restarting it or taking every replica out of the load balancer at once in a load spike
 * would turn an overload into an outage; the 503s already push the load back) and the scrape
 * (so the pressure can be seen).
 */
const EXEMPT = new Set(['/health/live', '/health/ready', '/metrics']);

const exempt = (request: FastifyRequest) => EXEMPT.has(request.routeOptions.url ?? '');

/**
 * How often the event-loop delay histogram's timer fires (ms). under-pressure fixes it at 10 ms:
 * 100 wake-ups a second in every idle process, the largest part of an idle service's CPU
 * (patches/@fastify__under-pressure@9.2.0.patch makes it an option). The plugin reports the mean
 * lateness of that timer (interval − resolution), so a coarser timer measures the same delay
 * with fewer samples: enough against a limit of a second. It must tick several times per
 * sample: a sample that found no tick reads as an infinite delay and sheds (`resolutionFor`).
 */
const EVENT_LOOP_RESOLUTION_MS = 100;

/** A quarter of the sampling interval at most, so every sample of an on-time loop has ticks. */
const resolutionFor = (sampleIntervalMs: number) =>
  Math.max(1, Math.min(EVENT_LOOP_RESOLUTION_MS, Math.floor(sampleIntervalMs / 4)));

const heapLimitBytes = (ratio: number) =>
  ratio > 0 ? Math.max(1, Math.floor(getHeapStatistics().heap_size_limit * ratio)) : 0;

/**
 * @fastify/under-pressure with the service's limits: past one, every request but the probes and
 * the scrape is refused before its body is read, with 503 problem+json and `Retry-After`
 * (through the platform's error handler, not the plugin's own body). `/metrics` shows
 * `http_under_pressure` (1 while shedding) and `http_requests_shed_total` by reason.
 */
export const shedUnderPressure = async (
  app: FastifyInstance,
  limits: PressureLimits,
  registry: Registry,
) => {
  const shed = new Counter({
    name: 'http_requests_shed_total',
    help: 'Requests refused with 503 because the process was under pressure, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const refusal = (type: string) =>
    new UnavailableError(
      `The service is overloaded (${type}); retry after ${limits.retryAfterSeconds} s.`,
      { retryAfterSeconds: limits.retryAfterSeconds },
    );
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: heapLimitBytes(limits.maxHeapUsedRatio),
    retryAfter: limits.retryAfterSeconds,
    ...(limits.sampleIntervalMs ? { sampleInterval: limits.sampleIntervalMs } : {}),
    eventLoopResolution: resolutionFor(limits.sampleIntervalMs ?? 1_000),
    // Returning nothing lets the request through; a rejection goes to the error handler.
    pressureHandler: (request: FastifyRequest, _reply: unknown, type: string) => {
      if (exempt(request)) return undefined;
      shed.inc({ reason: type });
      return Promise.reject(refusal(type));
    },
  });
  new Gauge({
    name: 'http_under_pressure',
    help: '1 while the process sheds requests (event-loop delay or heap past its limit), else 0',
    registers: [registry],
    collect() {
      // Without a limit the plugin adds no decoration.
      this.set(app.isUnderPressure?.() ? 1 : 0);
    },
  });
};
