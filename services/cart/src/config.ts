import {
  authEnv,
  breakerEnv,
  env,
  kafkaEnv,
  loadConfig,
  mysqlEnv,
  serviceEnv,
} from '@shop/platform';
import { z } from 'zod';

const service = serviceEnv('CART');
const mysql = mysqlEnv('CART');
const kafka = kafkaEnv('CART');
const auth = authEnv();
const breakers = breakerEnv();

const Schema = z.object({
  ...service.variables,
  ...mysql.variables,
  ...kafka.variables,
  ...auth.variables,
  ...breakers.variables,
  ITEM_SERVICE_URL: env.urls(),
  ORDER_SERVICE_URL: env.urls(),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadCartConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    ...service.shape(raw),
    mysql: mysql.shape(raw),
    kafka: kafka.shape(raw),
    auth: auth.shape(raw),
    breakers: breakers.shape(raw),
    itemServiceUrl: raw.ITEM_SERVICE_URL,
    orderServiceUrl: raw.ORDER_SERVICE_URL,
  };
};

export type CartConfig = ReturnType<typeof loadCartConfig>;
