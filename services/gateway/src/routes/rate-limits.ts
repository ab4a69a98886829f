import { type ServiceApp, TooManyRequestsError } from '@shop/platform';
import type { GatewayConfig } from '../config.js';

type Limiter = ReturnType<ServiceApp['createRateLimit']>;

const refuseOver = async (limiter: Limiter, request: Parameters<Limiter>[0]) => {
  const outcome = await limiter(request);
  // `isAllowed` means allow-listed; a counted request is refused once its bucket is exceeded.
  if (outcome.isAllowed || !outcome.isExceeded) return;
  throw new TooManyRequestsError(
    `More than ${outcome.max} requests a minute; retry in ${outcome.ttlInSeconds} s`,
    outcome.ttlInSeconds,
  );
};

/**
 * The gateway's rate limits, in one onRequest hook (needs @fastify/rate-limit registered):
 * 1. per client address, before anything else: a token is verified only for a request under
 *    this limit, so a flood of forged tokens (or of unknown `kid`s) costs one bucket look-up
 *    each, never a signature check or a JWKS read;
 * 2. then the token, if any, names the client: a valid one counts against its account (so
 *    customers behind one address do not share a bucket), anything else against the address.
 *    Refusing bad tokens is left to the services.
 */
export const limitRates = async (
  app: ServiceApp,
  config: Pick<GatewayConfig, 'rateLimitPerMinute' | 'addressRateLimitPerMinute'>,
) => {
  const perAddress = app.createRateLimit({
    max: config.addressRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `ip:${request.ip}`,
  });
  const perClient = app.createRateLimit({
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      request.caller ? `account:${request.caller.id}` : `address:${request.ip}`,
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/health/')) return;
    await refuseOver(perAddress, request);
    if (request.headers.authorization) await app.authenticate(request).catch(() => undefined);
    await refuseOver(perClient, request);
  });
};
