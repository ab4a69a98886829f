import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, loadConfig } from '../../src/config.js';
import { type EnvFragment, sharedEnv } from '../../src/config-fragments.js';

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

/**
 * The fragment's value for `source`, loaded as a service loads it. (Cast: that the variables
 * parse to what `shape` reads is checked where each service calls it.)
 */
const shapedFrom = <V extends z.ZodRawShape, Raw, Shaped>(
  fragment: EnvFragment<V, Raw, Shaped>,
  source: Record<string, string>,
) => fragment.shape(loadConfig(z.object(fragment.variables), source) as Raw);

describe('sharedEnv.service', () => {
  const service = sharedEnv.combine(sharedEnv.service('ORDER'));
  const schema = z.object(service.variables);

  it('when the service variables are set, then http, logLevel and tracing are shaped, LOG_LEVEL defaulting to info', () => {
    const raw = loadConfig(schema, { BIND_HOST: '127.0.0.1', ORDER_PORT: '8082' });
    expect(service.shape(raw)).toEqual({
      http: { host: '127.0.0.1', port: 8082 },
      logLevel: 'info',
      tracing: {},
      pressure: { maxEventLoopDelayMs: 1_000, maxHeapUsedRatio: 0.9, retryAfterSeconds: 10 },
      cors: ['http://localhost:5173'],
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

describe('sharedEnv.pressure', () => {
  const pressure = sharedEnv.pressure();
  const schema = z.object(pressure.variables);

  it('when the pressure limits are set, then they are shaped; 0 turns one off', () => {
    const raw = loadConfig(schema, {
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
      PRESSURE_MAX_HEAP_USED_RATIO: '0.75',
      PRESSURE_RETRY_AFTER_SECONDS: '3',
    });
    expect(pressure.shape(raw)).toEqual({
      maxEventLoopDelayMs: 0,
      maxHeapUsedRatio: 0.75,
      retryAfterSeconds: 3,
    });
  });

  it('when a ratio is outside 0..1 or not a number, then the variable is named', () => {
    for (const bad of ['1.5', '-0.1', 'most', '90%']) {
      expect(problemsOf(schema, { PRESSURE_MAX_HEAP_USED_RATIO: bad })).toEqual([
        'PRESSURE_MAX_HEAP_USED_RATIO: must be a number from 0 to 1',
      ]);
    }
    expect(problemsOf(schema, { PRESSURE_RETRY_AFTER_SECONDS: '0' })).toHaveLength(1);
  });
});

describe('sharedEnv.cors', () => {
  const cors = sharedEnv.cors();
  const schema = z.object(cors.variables);

  it('when CORS_ORIGINS is unset, then only the storefront dev server is allowed', () => {
    expect(shapedFrom(cors, {})).toEqual(['http://localhost:5173']);
  });

  it('when CORS_ORIGINS lists origins, then each is kept without spaces or a trailing slash', () => {
    expect(
      shapedFrom(cors, { CORS_ORIGINS: 'https://shop.example.com, http://127.0.0.1:4173/' }),
    ).toEqual(['https://shop.example.com', 'http://127.0.0.1:4173']);
    expect(shapedFrom(cors, { CORS_ORIGINS: '' })).toEqual([]);
  });

  it('when CORS_ORIGINS holds a wildcard or a path, then the variable is refused by name', () => {
    for (const bad of ['*', 'https://shop.example.com/app', 'shop.example.com']) {
      expect(problemsOf(schema, { CORS_ORIGINS: bad })).toEqual([
        expect.stringMatching(/^CORS_ORIGINS\.0: must list origins/),
      ]);
    }
  });
});

describe('sharedEnv.mysql', () => {
  const mysql = sharedEnv.mysql('CART');
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

describe('sharedEnv.mongo, .kafka, .auth, .jwt', () => {
  it('when set, then each is shaped as the services expose it', () => {
    expect(
      shapedFrom(sharedEnv.mongo('ITEM'), {
        MONGO_URL: 'mongodb://127.0.0.1:27017',
        ITEM_DB_NAME: 'items_db',
      }),
    ).toEqual({ url: 'mongodb://127.0.0.1:27017', database: 'items_db' });
    expect(
      shapedFrom(sharedEnv.kafka('PAYMENT'), {
        KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
        PAYMENT_CONSUMER_GROUP: 'payment-service',
      }),
    ).toEqual({
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      groupId: 'payment-service',
      topicNamespace: '',
      outboxSafetyPollMs: 30_000,
      consumerPollMs: 5_000,
    });
    expect(
      shapedFrom(sharedEnv.kafka('PAYMENT'), {
        KAFKA_BROKERS: 'k:9092',
        PAYMENT_CONSUMER_GROUP: 'payment-service',
        OUTBOX_SAFETY_POLL_MS: '200',
        KAFKA_CONSUMER_POLL_MS: '500',
      }),
    ).toMatchObject({ outboxSafetyPollMs: 200, consumerPollMs: 500 });

    const jwt = { JWT_ISSUER: 'shop', JWT_AUDIENCE: 'shop-api' };
    expect(
      shapedFrom(sharedEnv.auth(), {
        ...jwt,
        ACCOUNT_SERVICE_URL: 'http://127.0.0.1:8084, http://127.0.0.1:8184',
      }),
    ).toEqual({
      issuer: 'shop',
      audience: 'shop-api',
      accountServiceUrl: 'http://127.0.0.1:8084,http://127.0.0.1:8184',
    });
    expect(shapedFrom(sharedEnv.jwt(), jwt)).toEqual({
      issuer: 'shop',
      audience: 'shop-api',
    });
  });

  it('when a namespace or the account URL is bad, then the variable is named with the usual message', () => {
    const kafka = sharedEnv.kafka('ITEM');
    expect(
      problemsOf(z.object(kafka.variables), {
        KAFKA_BROKERS: 'k:9092',
        KAFKA_TOPIC_NAMESPACE: 'Upper_Case',
        ITEM_CONSUMER_GROUP: 'g',
      }),
    ).toEqual(['KAFKA_TOPIC_NAMESPACE: must be empty or lower-case letters, digits and -']);
    expect(
      problemsOf(z.object(sharedEnv.auth().variables), {
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

describe('sharedEnv.clientCredentials', () => {
  const credentials = sharedEnv.clientCredentials('NOTIFICATION');
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

describe('sharedEnv.breakers', () => {
  const breakers = sharedEnv.breakers();
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

describe('sharedEnv.combine', () => {
  const shared = sharedEnv.combine({
    ...sharedEnv.service('SHIPPING'),
    mysql: sharedEnv.mysql('SHIPPING'),
    kafka: sharedEnv.kafka('SHIPPING'),
    auth: sharedEnv.auth(),
    serviceCredentials: sharedEnv.clientCredentials('SHIPPING'),
    breakers: sharedEnv.breakers(),
  });
  const schema = z.object({ ...shared.variables, CARRIER_URL: z.string() });
  const valid = {
    BIND_HOST: '127.0.0.1',
    SHIPPING_PORT: '8087',
    MYSQL_HOST: 'db',
    MYSQL_PORT: '3306',
    SHIPPING_DB_NAME: 'shipments_db',
    SHIPPING_DB_USER: 'shipping_svc',
    SHIPPING_DB_PASSWORD: 'a-long-enough-secret',
    KAFKA_BROKERS: 'k:9092',
    SHIPPING_CONSUMER_GROUP: 'shipping-service',
    JWT_ISSUER: 'shop',
    JWT_AUDIENCE: 'shop-api',
    ACCOUNT_SERVICE_URL: 'http://account:8084',
    SHIPPING_CLIENT_SECRET: 'another-long-secret',
    CARRIER_URL: 'http://carrier:8090',
  };

  it('when a service combines the fragments it uses, then its config has each under its key, beside its own variables', () => {
    const raw = loadConfig(schema, valid);
    expect({ ...shared.shape(raw), carrierUrl: raw.CARRIER_URL }).toEqual({
      http: { host: '127.0.0.1', port: 8087 },
      logLevel: 'info',
      tracing: {},
      pressure: { maxEventLoopDelayMs: 1_000, maxHeapUsedRatio: 0.9, retryAfterSeconds: 10 },
      mysql: {
        host: 'db',
        port: 3306,
        database: 'shipments_db',
        user: 'shipping_svc',
        password: 'a-long-enough-secret',
      },
      kafka: {
        brokers: ['k:9092'],
        groupId: 'shipping-service',
        topicNamespace: '',
        outboxSafetyPollMs: 30_000,
        consumerPollMs: 5_000,
      },
      auth: { issuer: 'shop', audience: 'shop-api', accountServiceUrl: 'http://account:8084' },
      serviceCredentials: { clientId: 'shipping-service', clientSecret: 'another-long-secret' },
      breakers: { failureThreshold: 5, coolDownMs: 5_000 },
      carrierUrl: 'http://carrier:8090',
      cors: ['http://localhost:5173'],
    });
  });

  it('when variables of several fragments are missing, then every one is named', () => {
    const { SHIPPING_PORT: _port, SHIPPING_DB_PASSWORD: _password, ...rest } = valid;
    expect(problemsOf(schema, { ...rest, SHIPPING_CLIENT_SECRET: 'short' }).sort()).toEqual([
      'SHIPPING_CLIENT_SECRET: must be at least 16 characters',
      'SHIPPING_DB_PASSWORD: is required but not set',
      'SHIPPING_PORT: is required but not set',
    ]);
  });
});

describe('env.trustedProxies', () => {
  const schema = z.object({ TRUSTED_PROXIES: env.trustedProxies() });

  it('when addresses and CIDR ranges are listed, then they are kept; unset or empty trusts none', () => {
    expect(loadConfig(schema, { TRUSTED_PROXIES: '10.244.0.0/16, 172.28.0.10,fd00::/8' })).toEqual({
      TRUSTED_PROXIES: ['10.244.0.0/16', '172.28.0.10', 'fd00::/8'],
    });
    expect(loadConfig(schema, {})).toEqual({ TRUSTED_PROXIES: [] });
    expect(loadConfig(schema, { TRUSTED_PROXIES: '' })).toEqual({ TRUSTED_PROXIES: [] });
  });

  it('when an entry is no address, a bad prefix, or trusts everyone (/0), then the variable is refused', () => {
    for (const value of ['gateway', '10.0.0.0/33', '0.0.0.0/0', '::/0', '10.0.0.1/8/2', 'true'])
      expect(problemsOf(schema, { TRUSTED_PROXIES: value }).join('\n')).toMatch(/TRUSTED_PROXIES/);
  });
});
