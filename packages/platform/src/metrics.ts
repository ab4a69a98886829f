import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry: services register their own metrics on it. */
    metrics: Registry;
  }
}

export interface MetricsOptions {
  service: string;
  /** The service's registry, when other parts (Kafka, outbox) register on it too. */
  registry?: Registry;
}

/**
 * A service's Prometheus registry: every metric carries `service`, process metrics included.
 * Made once per app and handed to everything that measures (no global registry), so several
 * apps can live in one test process.
 */
export const createRegistry = (service: string): Registry => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // The event-loop delay histogram samples with a timer; prom-client's 10 ms woke every idle
  // process 100 times a second (about 1 % of a core each on the 2-core machine). At 100 ms the
  // histogram's values are the 100 ms interval plus the lag: an idle process reads about 0.1 s.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  return registry;
};

/**
 * `GET /metrics` in Prometheus text format, with process metrics and one request-duration
 * histogram labelled by route pattern (never the raw URL, which would explode cardinality).
 */
export const metrics = fp<MetricsOptions>(
  async (app: FastifyInstance, { service, registry = createRegistry(service) }) => {
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.decorate('metrics', registry);
    app.addHook('onResponse', (request, reply, done) => {
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      return await reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
