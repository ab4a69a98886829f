import { env, loadConfig } from '@shop/platform';
import { z } from 'zod';

const Schema = z.object({
  GATEWAY_URL: env.url(),
  BOOTSTRAP_ADMIN_EMAIL: env.string(),
  BOOTSTRAP_ADMIN_PASSWORD: env.secret(),
  DEMO_CUSTOMER_EMAIL: env.string(),
  DEMO_CUSTOMER_PASSWORD: env.secret(),
});

/** What `make seed` and `make demo` need from .env: where the gateway is, and who signs in. */
export const loadDemoConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    gatewayUrl: raw.GATEWAY_URL,
    admin: { email: raw.BOOTSTRAP_ADMIN_EMAIL, password: raw.BOOTSTRAP_ADMIN_PASSWORD },
    customer: { email: raw.DEMO_CUSTOMER_EMAIL, password: raw.DEMO_CUSTOMER_PASSWORD },
  };
};

export type DemoConfig = ReturnType<typeof loadDemoConfig>;
