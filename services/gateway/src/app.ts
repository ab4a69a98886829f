import rateLimit from '@fastify/rate-limit';
import {
  circuitBreakers,
  createRegistry,
  createServiceApp,
  type KeyResolver,
  type ServiceApp,
  type ServiceLogger,
} from '@shop/platform';
import { createApiDocs } from './clients/service-docs.js';
import type { GatewayConfig } from './config.js';
import { registerProxies } from './routes/proxy.js';
import { limitRates } from './routes/rate-limits.js';
import { registerStorefront } from './routes/storefront.js';

export interface GatewayAppDeps {
  config: GatewayConfig;
  logger: ServiceLogger;
  resolveKey?: KeyResolver;
}

/**
 * The gateway: one address for the storefront. It forwards /api/v1/* to the owning services
 * (they authenticate and authorise each request themselves), limits the rate per client, serves
 * the storefront build, and shows every service's API in one Swagger UI at /docs.
 */
export const buildApp = async ({
  config,
  logger,
  resolveKey,
}: GatewayAppDeps): Promise<ServiceApp> => {
  const docs = createApiDocs(config.services);
  const registry = createRegistry('gateway');
  // One per service behind the gateway, shown in /health/ready and /metrics.
  const breakers = circuitBreakers({ registry, ...config.breakers });
  const app = await createServiceApp({
    service: 'gateway',
    corsOrigins: config.cors,
    description: 'Single entry of the shop',
    logger,
    readiness: {},
    registry,
    breakers,
    apiDocument: () => docs.current() as unknown as Record<string, unknown>,
    // Behind an ingress every client would otherwise share its address (rate limit, and the
    // X-Forwarded-For account-service's login throttle trusts from the gateway).
    trustProxy: config.trustedProxies,
    hsts: config.hsts,
    pressure: config.pressure,
    auth: { ...config.auth, resolveKey },
  });
  await app.register(rateLimit, { global: false });
  await limitRates(app, config);
  await registerProxies(app, config.services, breakers, config.upstreamHeadersTimeoutMs);
  await registerStorefront(app, config.storefrontDir);
  await docs.refresh();
  return app;
};
