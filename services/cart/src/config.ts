import { env, loadConfig, TRACING_ENV, tracingConfig } from '@shop/platform';
import { z } from 'zod';

const Schema = z.object({
  BIND_HOST: env.string(),
  CART_PORT: env.port(),
  LOG_LEVEL: env.logLevel().default('info'),
  ...TRACING_ENV,
  MYSQL_HOST: env.string(),
  MYSQL_PORT: env.port(),
  CART_DB_NAME: env.string(),
  CART_DB_USER: env.string(),
  CART_DB_PASSWORD: env.secret(),
  KAFKA_BROKERS: env.list(),
  KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
  CART_CONSUMER_GROUP: env.string(),
  JWT_ISSUER: env.string(),
  JWT_AUDIENCE: env.string(),
  ACCOUNT_SERVICE_URL: env.urls(),
  ITEM_SERVICE_URL: env.urls(),
  ORDER_SERVICE_URL: env.urls(),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadCartConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    http: { host: raw.BIND_HOST, port: raw.CART_PORT },
    logLevel: raw.LOG_LEVEL,
    tracing: tracingConfig(raw),
    mysql: {
      host: raw.MYSQL_HOST,
      port: raw.MYSQL_PORT,
      database: raw.CART_DB_NAME,
      user: raw.CART_DB_USER,
      password: raw.CART_DB_PASSWORD,
    },
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      groupId: raw.CART_CONSUMER_GROUP,
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
    },
    auth: {
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
      accountServiceUrl: raw.ACCOUNT_SERVICE_URL,
    },
    itemServiceUrl: raw.ITEM_SERVICE_URL,
    orderServiceUrl: raw.ORDER_SERVICE_URL,
  };
};

export type CartConfig = ReturnType<typeof loadCartConfig>;
