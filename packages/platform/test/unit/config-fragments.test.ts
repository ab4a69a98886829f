import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  authEnv,
  breakerEnv,
  clientCredentialsEnv,
  combineEnv,
  jwtEnv,
  kafkaEnv,
  mongoEnv,
  mysqlEnv,
  serviceEnv,
} from '../../src/config-fragments.js';

/** The problems `loadConfig` reports for `source`, one per line. */
const problemsOf = (schema: z.ZodType, source: Record<string, string>) => {
  try {
    loadConfig(schema, source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('serviceEnv', () => {
  const service = combineEnv(serviceEnv('ORDER'));
  const schema = z.object(service.variables);

  it('when the service variables are set, then http, logLevel and tracing are shaped, LOG_LEVEL defaulting to info', () => {
    const raw = loadConfig(schema, { BIND_HOST: '127.0.0.1', ORDER_PORT: '8082' });
    expect(service.shape(raw)).toEqual({
      http: { host: '127.0.0.1', port: 8082 },
      logLevel: 'info',
      tracing: {},
    });
    const traced = loadConfig(schema, {
      BIND_HOST: '0.0.0.0',
      ORDER_PORT: '1',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
    });
    expect(service.shape(traced)).toMatchObject({
      logLevel: 'debug',
      tracing: { endpoint: 'http://otel:4318' },
    });
  });

  it('when the port is missing or bad, then the variable is named with its prefix', () => {
    expect(problemsOf(schema, { BIND_HOST: 'h' })).toEqual(['ORDER_PORT: is required but not set']);
    expect(problemsOf(schema, { BIND_HOST: 'h', ORDER_PORT: 'x' })).toEqual([
      'ORDER_PORT: must be an integer',
    ]);
    expect(problemsOf(schema, { BIND_HOST: 'h', ORDER_PORT: '1', LOG_LEVEL: 'loud' })).toHaveLength(
      1,
    );
  });
});

describe('mysqlEnv', () => {
  const mysql = mysqlEnv('CART');
  const schema = z.object(mysql.variables);
  const valid = {
    MYSQL_HOST: '127.0.0.1',
    MYSQL_PORT: '3306',
    CART_DB_NAME: 'carts_db',
    CART_DB_USER: 'cart',
    CART_DB_PASSWORD: 'a-long-enough-secret',
  };

  it('when the variables are set, then the pool options are shaped', () => {
    expect(mysql.shape(loadConfig(schema, valid))).toEqual({
      host: '127.0.0.1',
      port: 3306,
      database: 'carts_db',
      user: 'cart',
      password: 'a-long-enough-secret',
    });
  });

  it('when the password is missing or short, then it is refused: a secret has no default', () => {
    const { CART_DB_PASSWORD: _omitted, ...withoutPassword } = valid;
    expect(problemsOf(schema, withoutPassword)).toEqual([
      'CART_DB_PASSWORD: is required but not set',
    ]);
    expect(problemsOf(schema, { ...valid, CART_DB_PASSWORD: 'short' })).toEqual([
      'CART_DB_PASSWORD: must be at least 16 characters',
    ]);
  });
});

describe('mongoEnv, kafkaEnv, authEnv, jwtEnv', () => {
  it('when set, then each is shaped as the services expose it', () => {
    const mongo = mongoEnv('ITEM');
    expect(
      mongo.shape(
        loadConfig(z.object(mongo.variables), {
          MONGO_URL: 'mongodb://127.0.0.1:27017',
          ITEM_DB_NAME: 'items_db',
        }),
      ),
    ).toEqual({ url: 'mongodb://127.0.0.1:27017', database: 'items_db' });

    const kafka = kafkaEnv('PAYMENT');
    expect(
      kafka.shape(
        loadConfig(z.object(kafka.variables), {
          KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
          PAYMENT_CONSUMER_GROUP: 'payment-service',
        }),
      ),
    ).toEqual({
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      groupId: 'payment-service',
      topicNamespace: '',
    });

    const auth = authEnv();
    const jwt = { JWT_ISSUER: 'shop', JWT_AUDIENCE: 'shop-api' };
    expect(
      auth.shape(
        loadConfig(z.object(auth.variables), {
          ...jwt,
          ACCOUNT_SERVICE_URL: 'http://127.0.0.1:8084, http://127.0.0.1:8184',
        }),
      ),
    ).toEqual({
      issuer: 'shop',
      audience: 'shop-api',
      accountServiceUrl: 'http://127.0.0.1:8084,http://127.0.0.1:8184',
    });
    const issuer = jwtEnv();
    expect(issuer.shape(loadConfig(z.object(issuer.variables), jwt))).toEqual({
      issuer: 'shop',
      audience: 'shop-api',
    });
  });

  it('when a namespace or the account URL is bad, then the variable is named with the usual message', () => {
    const kafka = kafkaEnv('ITEM');
    expect(
      problemsOf(z.object(kafka.variables), {
        KAFKA_BROKERS: 'k:9092',
        KAFKA_TOPIC_NAMESPACE: 'Upper_Case',
        ITEM_CONSUMER_GROUP: 'g',
      }),
    ).toEqual(['KAFKA_TOPIC_NAMESPACE: must be empty or lower-case letters, digits and -']);
    expect(
      problemsOf(z.object(authEnv().variables), {
        JWT_ISSUER: 'shop',
        JWT_AUDIENCE: 'shop-api',
        ACCOUNT_SERVICE_URL: 'account',
      }),
    ).toEqual([
      expect.stringMatching(
        /^ACCOUNT_SERVICE_URL\S*: must be a URL, or several separated by commas$/,
      ),
    ]);
  });
});

describe('clientCredentialsEnv', () => {
  const credentials = clientCredentialsEnv('NOTIFICATION');
  const schema = z.object(credentials.variables);

  it('when the secret is set, then the client id is the service name', () => {
    const raw = loadConfig(schema, { NOTIFICATION_CLIENT_SECRET: 'a-long-enough-secret' });
    expect(credentials.shape(raw)).toEqual({
      clientId: 'notification-service',
      clientSecret: 'a-long-enough-secret',
    });
  });

  it('when the secret is unset, then it is required: no default', () => {
    expect(problemsOf(schema, {})).toEqual(['NOTIFICATION_CLIENT_SECRET: is required but not set']);
  });
});

describe('breakerEnv', () => {
  const breakers = breakerEnv();
  const schema = z.object(breakers.variables);

  it('when unset, then 5 failures in a row open a breaker for 5 s', () => {
    expect(breakers.shape(loadConfig(schema, {}))).toEqual({
      failureThreshold: 5,
      coolDownMs: 5_000,
    });
  });

  it('when set, then taken; out of range, then named', () => {
    expect(
      breakers.shape(
        loadConfig(schema, {
          CIRCUIT_BREAKER_FAILURE_THRESHOLD: '2',
          CIRCUIT_BREAKER_COOL_DOWN_MS: '30000',
        }),
      ),
    ).toEqual({ failureThreshold: 2, coolDownMs: 30_000 });
    expect(problemsOf(schema, { CIRCUIT_BREAKER_FAILURE_THRESHOLD: '0' })).toEqual([
      expect.stringMatching(/^CIRCUIT_BREAKER_FAILURE_THRESHOLD: /),
    ]);
  });
});

describe('combineEnv', () => {
  const shared = combineEnv({
    ...serviceEnv('PAYMENT'),
    mysql: mysqlEnv('PAYMENT'),
    kafka: kafkaEnv('PAYMENT'),
    auth: authEnv(),
    serviceCredentials: clientCredentialsEnv('PAYMENT'),
    breakers: breakerEnv(),
  });
  const schema = z.object({ ...shared.variables, ORDER_SERVICE_URL: z.string() });
  const valid = {
    BIND_HOST: '127.0.0.1',
    PAYMENT_PORT: '8083',
    MYSQL_HOST: 'db',
    MYSQL_PORT: '3306',
    PAYMENT_DB_NAME: 'payments_db',
    PAYMENT_DB_USER: 'payment_svc',
    PAYMENT_DB_PASSWORD: 'a-long-enough-secret',
    KAFKA_BROKERS: 'k:9092',
    PAYMENT_CONSUMER_GROUP: 'payment-service',
    JWT_ISSUER: 'shop',
    JWT_AUDIENCE: 'shop-api',
    ACCOUNT_SERVICE_URL: 'http://account:8084',
    PAYMENT_CLIENT_SECRET: 'another-long-secret',
    ORDER_SERVICE_URL: 'http://order:8082',
  };

  it('when a service combines the fragments it uses, then its config has each under its key, beside its own variables', () => {
    const raw = loadConfig(schema, valid);
    expect({ ...shared.shape(raw), orderServiceUrl: raw.ORDER_SERVICE_URL }).toEqual({
      http: { host: '127.0.0.1', port: 8083 },
      logLevel: 'info',
      tracing: {},
      mysql: {
        host: 'db',
        port: 3306,
        database: 'payments_db',
        user: 'payment_svc',
        password: 'a-long-enough-secret',
      },
      kafka: { brokers: ['k:9092'], groupId: 'payment-service', topicNamespace: '' },
      auth: { issuer: 'shop', audience: 'shop-api', accountServiceUrl: 'http://account:8084' },
      serviceCredentials: { clientId: 'payment-service', clientSecret: 'another-long-secret' },
      breakers: { failureThreshold: 5, coolDownMs: 5_000 },
      orderServiceUrl: 'http://order:8082',
    });
  });

  it('when variables of several fragments are missing, then every one is named', () => {
    const { PAYMENT_PORT: _port, PAYMENT_DB_PASSWORD: _password, ...rest } = valid;
    expect(problemsOf(schema, { ...rest, PAYMENT_CLIENT_SECRET: 'short' }).sort()).toEqual([
      'PAYMENT_CLIENT_SECRET: must be at least 16 characters',
      'PAYMENT_DB_PASSWORD: is required but not set',
      'PAYMENT_PORT: is required but not set',
    ]);
  });
});
