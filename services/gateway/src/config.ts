import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

const shared = sharedEnv.combine({
  ...sharedEnv.service('GATEWAY'),
  auth: sharedEnv.auth(),
  breakers: sharedEnv.breakers(),
});

const Schema = z.object({
  ...shared.variables,
  ITEM_SERVICE_URL: env.urls(),
  ORDER_SERVICE_URL: env.urls(),
  PAYMENT_SERVICE_URL: env.urls(),
  CART_SERVICE_URL: env.urls(),
  NOTIFICATION_SERVICE_URL: env.urls(),
  STOREFRONT_DIR: env.string(),
  GATEWAY_RATE_LIMIT_PER_MINUTE: env.int(1, 1_000_000).default(600),
  /** Every request of one address, before its token is verified (customers behind one NAT). */
  GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE: env.int(1, 10_000_000).default(6_000),
  /** A load balancer or ingress in front: its X-Forwarded-For names the client. */
  GATEWAY_TRUSTED_PROXIES: env.trustedProxies(),
  /**
   * How long a service may take to start answering (its status and headers; an event stream's
   * body may last). Past it the request is a 503, and the breaker counts it as a failure.
   */
  GATEWAY_UPSTREAM_HEADERS_TIMEOUT_MS: env.int(100, 600_000).default(30_000),
  /** Clients reach the gateway over TLS (a TLS-terminating proxy): send HSTS. */
  GATEWAY_HSTS: env.bool().default(false),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the gateway. */
export const loadGatewayConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    ...shared.shape(raw),
    services: {
      account: raw.ACCOUNT_SERVICE_URL,
      item: raw.ITEM_SERVICE_URL,
      order: raw.ORDER_SERVICE_URL,
      payment: raw.PAYMENT_SERVICE_URL,
      cart: raw.CART_SERVICE_URL,
      notification: raw.NOTIFICATION_SERVICE_URL,
    },
    storefrontDir: raw.STOREFRONT_DIR,
    rateLimitPerMinute: raw.GATEWAY_RATE_LIMIT_PER_MINUTE,
    addressRateLimitPerMinute: raw.GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE,
    trustedProxies: raw.GATEWAY_TRUSTED_PROXIES,
    hsts: raw.GATEWAY_HSTS,
    upstreamHeadersTimeoutMs: raw.GATEWAY_UPSTREAM_HEADERS_TIMEOUT_MS,
  };
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
