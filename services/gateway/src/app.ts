import rateLimit from '@fastify/rate-limit';
import {
  auth,
  createServiceApp,
  type KeyResolver,
  type ServiceApp,
  type ServiceLogger,
  TooManyRequestsError,
} from '@shop/platform';
import { createApiDocs } from './clients/service-docs.js';
import type { GatewayConfig } from './config.js';
import { registerProxies } from './routes/proxy.js';
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
  const app = await createServiceApp({
    service: 'gateway',
    description: 'Single entry of the shop',
    logger,
    readiness: {},
    apiDocument: () => docs.current() as unknown as Record<string, unknown>,
    // Behind an ingress every client would otherwise share its address (rate limit, and the
    // X-Forwarded-For account-service's login throttle trusts from the gateway).
    trustProxy: config.trustedProxies,
    hsts: config.hsts,
  });
  await app.register(auth, {
    ...config.auth,
    resolveKey,
  });
  // Who the client is, for the rate limit only: a valid token names the account, anything else
  // counts against the address. Refusing bad tokens is left to the services.
  app.addHook('onRequest', async (request) => {
    if (!request.headers.authorization) return;
    await app.authenticate(request).catch(() => undefined);
  });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      request.caller ? `account:${request.caller.id}` : `address:${request.ip}`,
    allowList: (request) => request.url.startsWith('/health/'),
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(
        `More than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
        context.ttl / 1000,
      ),
  });
  await registerProxies(app, config.services);
  await registerStorefront(app, config.storefrontDir);
  await docs.refresh();
  return app;
};
