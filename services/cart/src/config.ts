import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

const shared = sharedEnv.combine({
  ...sharedEnv.service('CART'),
  mysql: sharedEnv.mysql('CART'),
  kafka: sharedEnv.kafka('CART'),
  auth: sharedEnv.auth(),
  breakers: sharedEnv.breakers(),
  retention: sharedEnv.retention(),
  eventRetentionHours: sharedEnv.eventRetention(),
});

const Schema = z.object({
  ...shared.variables,
  ITEM_SERVICE_URL: env.urls(),
  ORDER_SERVICE_URL: env.urls(),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadCartConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    ...shared.shape(raw),
    itemServiceUrl: raw.ITEM_SERVICE_URL,
    orderServiceUrl: raw.ORDER_SERVICE_URL,
  };
};

export type CartConfig = ReturnType<typeof loadCartConfig>;
