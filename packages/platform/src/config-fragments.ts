import { z } from 'zod';
import { env } from './config.js';
import { DEFAULT_BREAKER_SETTINGS } from './http/circuit-breaker.js';
import { DEFAULT_PRESSURE_LIMITS, type PressureLimits } from './pressure.js';
import { TRACING_ENV, tracingConfig } from './tracing.js';

type Variables = Record<string, z.ZodType>;

/**
 * Variables several services read, and the value a service's config exposes for them. A
 * service combines the fragments it uses (`sharedEnv.combine`), spreads their `variables` into
 * its schema beside its own, and shapes what `loadConfig` returned. `shape`'s parameter type
 * checks, in each service, that the variables parse to what it reads.
 */
export interface EnvFragment<V, Raw, Shaped> {
  readonly variables: V;
  shape(raw: Raw): Shaped;
}

const fragment = <V, Raw, Shaped>(
  variables: V,
  shape: (raw: Raw) => Shaped,
): EnvFragment<V, Raw, Shaped> => ({ variables, shape });

/** `{ [name]: value }` keeping the name's literal type (`ORDER_PORT`, not `string`). */
const named = <K extends string, T>(name: K, value: T) => ({ [name]: value }) as { [_ in K]: T };

/** BIND_HOST and the service's `<PREFIX>_PORT`: where it listens. */
const httpEnv = <P extends string>(prefix: P) => {
  const port = `${prefix}_PORT` as const;
  return fragment(
    { BIND_HOST: env.string(), ...named(port, env.port()) },
    (raw: { BIND_HOST: string } & { [_ in typeof port]: number }) => ({
      host: raw.BIND_HOST,
      port: raw[port],
    }),
  );
};

type LogLevel = z.output<ReturnType<typeof env.logLevel>>;

/** LOG_LEVEL, `info` by default. */
const logLevelEnv = () =>
  fragment(
    { LOG_LEVEL: env.logLevel().default('info') },
    (raw: { LOG_LEVEL: LogLevel }) => raw.LOG_LEVEL,
  );

/** The OpenTelemetry exporters and service name (see `TRACING_ENV`). */
const tracingEnv = () => fragment(TRACING_ENV, tracingConfig);

/**
 * When a service sheds requests with 503 + Retry-After (see `shedUnderPressure`):
 * PRESSURE_MAX_EVENT_LOOP_DELAY_MS, the mean event-loop delay over a second (default 1000),
 * PRESSURE_MAX_HEAP_USED_RATIO, heap in use over V8's heap limit (default 0.9),
 * PRESSURE_RETRY_AFTER_SECONDS (default 10). 0 turns a limit off.
 */
const pressureEnv = () =>
  fragment(
    {
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: env
        .int(0, 60_000)
        .default(DEFAULT_PRESSURE_LIMITS.maxEventLoopDelayMs),
      PRESSURE_MAX_HEAP_USED_RATIO: env.ratio().default(DEFAULT_PRESSURE_LIMITS.maxHeapUsedRatio),
      PRESSURE_RETRY_AFTER_SECONDS: env
        .int(1, 3_600)
        .default(DEFAULT_PRESSURE_LIMITS.retryAfterSeconds),
    },
    (raw: {
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: number;
      PRESSURE_MAX_HEAP_USED_RATIO: number;
      PRESSURE_RETRY_AFTER_SECONDS: number;
    }): PressureLimits => ({
      maxEventLoopDelayMs: raw.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedRatio: raw.PRESSURE_MAX_HEAP_USED_RATIO,
      retryAfterSeconds: raw.PRESSURE_RETRY_AFTER_SECONDS,
    }),
  );

/** The storefront's dev server (Vite): the one origin allowed when CORS_ORIGINS is unset. */
export const DEFAULT_CORS_ORIGINS = ['http://localhost:5173'];

/** An origin as browsers send it: scheme, host and optional port, nothing after. */
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

/**
 * CORS_ORIGINS: the browser origins allowed to call the API from another origin,
 * comma-separated (default the storefront's dev server). Each must be an exact origin
 * (`https://shop.example.com`), never `*`: the API takes bearer tokens.
 */
const corsEnv = () =>
  fragment(
    {
      CORS_ORIGINS: z
        .string()
        .optional()
        .transform((value) =>
          value === undefined
            ? DEFAULT_CORS_ORIGINS
            : value
                .split(',')
                .map((part) => part.trim().replace(/\/$/, ''))
                .filter(Boolean),
        )
        .pipe(
          z.array(
            z.string().regex(ORIGIN, {
              error: 'must list origins (scheme://host[:port]), comma-separated',
            }),
          ),
        ),
    },
    (raw: { CORS_ORIGINS: string[] }) => raw.CORS_ORIGINS,
  );

/**
 * What every service has: `http` (BIND_HOST, `<PREFIX>_PORT`), `logLevel`, `tracing` and
 * `pressure` and `cors` (the allowed origins).
 */
const serviceEnv = <P extends string>(prefix: P) => ({
  http: httpEnv(prefix),
  logLevel: logLevelEnv(),
  tracing: tracingEnv(),
  pressure: pressureEnv(),
  cors: corsEnv(),
});

/** The issuer and audience every token must carry (JWT_ISSUER, JWT_AUDIENCE). */
const jwtEnv = () =>
  fragment(
    { JWT_ISSUER: env.string(), JWT_AUDIENCE: env.string() },
    (raw: { JWT_ISSUER: string; JWT_AUDIENCE: string }) => ({
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
    }),
  );

/** What the auth plugin needs: JWT_ISSUER, JWT_AUDIENCE, and ACCOUNT_SERVICE_URL (its JWKS). */
const authEnv = () => {
  const jwt = jwtEnv();
  return fragment(
    { ...jwt.variables, ACCOUNT_SERVICE_URL: env.urls() },
    (raw: Parameters<typeof jwt.shape>[0] & { ACCOUNT_SERVICE_URL: string }) => ({
      ...jwt.shape(raw),
      accountServiceUrl: raw.ACCOUNT_SERVICE_URL,
    }),
  );
};

/**
 * KAFKA_BROKERS, KAFKA_TOPIC_NAMESPACE, the service's `<PREFIX>_CONSUMER_GROUP` and the two polls
 * (OUTBOX_SAFETY_POLL_MS, KAFKA_CONSUMER_POLL_MS).
 */
const kafkaEnv = <P extends string>(prefix: P) => {
  const group = `${prefix}_CONSUMER_GROUP` as const;
  return fragment(
    {
      KAFKA_BROKERS: env.list(),
      KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
      OUTBOX_SAFETY_POLL_MS: env.outboxSafetyPollMs(),
      KAFKA_CONSUMER_POLL_MS: env.consumerPollMs(),
      ...named(group, env.string()),
    },
    (
      raw: {
        KAFKA_BROKERS: string[];
        KAFKA_TOPIC_NAMESPACE: string;
        OUTBOX_SAFETY_POLL_MS: number;
        KAFKA_CONSUMER_POLL_MS: number;
      } & {
        [_ in typeof group]: string;
      },
    ) => ({
      brokers: raw.KAFKA_BROKERS,
      groupId: raw[group],
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
      outboxSafetyPollMs: raw.OUTBOX_SAFETY_POLL_MS,
      consumerPollMs: raw.KAFKA_CONSUMER_POLL_MS,
    }),
  );
};

/** MYSQL_HOST, MYSQL_PORT and the service's `<PREFIX>_DB_NAME`, `_DB_USER`, `_DB_PASSWORD`. */
const mysqlEnv = <P extends string>(prefix: P) => {
  const name = `${prefix}_DB_NAME` as const;
  const user = `${prefix}_DB_USER` as const;
  const password = `${prefix}_DB_PASSWORD` as const;
  return fragment(
    {
      MYSQL_HOST: env.string(),
      MYSQL_PORT: env.port(),
      ...named(name, env.string()),
      ...named(user, env.string()),
      ...named(password, env.secret()),
    },
    (
      raw: { MYSQL_HOST: string; MYSQL_PORT: number } & {
        [_ in typeof name | typeof user | typeof password]: string;
      },
    ) => ({
      host: raw.MYSQL_HOST,
      port: raw.MYSQL_PORT,
      database: raw[name],
      user: raw[user],
      password: raw[password],
    }),
  );
};

/** MONGO_URL and the service's `<PREFIX>_DB_NAME`. */
const mongoEnv = <P extends string>(prefix: P) => {
  const name = `${prefix}_DB_NAME` as const;
  return fragment(
    { MONGO_URL: env.string(), ...named(name, env.string()) },
    (raw: { MONGO_URL: string } & { [_ in typeof name]: string }) => ({
      url: raw.MONGO_URL,
      database: raw[name],
    }),
  );
};

/**
 * The service's own client credentials for the client-credentials grant: the secret in
 * `<PREFIX>_CLIENT_SECRET` (required, no default), the id `<prefix>-service`.
 */
const clientCredentialsEnv = <P extends string>(prefix: P) => {
  const secret = `${prefix}_CLIENT_SECRET` as const;
  return fragment(named(secret, env.secret()), (raw: { [_ in typeof secret]: string }) => ({
    clientId: `${prefix.toLowerCase()}-service`,
    clientSecret: raw[secret],
  }));
};

/**
 * The circuit breakers of the service's collaborators (see `circuitBreakers`):
 * CIRCUIT_BREAKER_FAILURE_THRESHOLD failures in a row open one (default 5), for
 * CIRCUIT_BREAKER_COOL_DOWN_MS (default 5 s).
 */
const breakerEnv = () =>
  fragment(
    {
      CIRCUIT_BREAKER_FAILURE_THRESHOLD: env
        .int(1, 1_000)
        .default(DEFAULT_BREAKER_SETTINGS.failureThreshold),
      CIRCUIT_BREAKER_COOL_DOWN_MS: env
        .int(100, 600_000)
        .default(DEFAULT_BREAKER_SETTINGS.coolDownMs),
    },
    (raw: { CIRCUIT_BREAKER_FAILURE_THRESHOLD: number; CIRCUIT_BREAKER_COOL_DOWN_MS: number }) => ({
      failureThreshold: raw.CIRCUIT_BREAKER_FAILURE_THRESHOLD,
      coolDownMs: raw.CIRCUIT_BREAKER_COOL_DOWN_MS,
    }),
  );

/**
 * The periodic purge of bookkeeping rows (see `startRetention`): every
 * RETENTION_PURGE_INTERVAL_MS (default 10 min), RETENTION_PURGE_BATCH_SIZE rows per DELETE
 * (default 500), at most `maxBatches` batches a run (a backlog drains over the next runs).
 */
const retentionEnv = () =>
  fragment(
    {
      RETENTION_PURGE_INTERVAL_MS: env.int(1_000, 24 * 3_600_000).default(600_000),
      RETENTION_PURGE_BATCH_SIZE: env.int(1, 10_000).default(500),
    },
    (raw: { RETENTION_PURGE_INTERVAL_MS: number; RETENTION_PURGE_BATCH_SIZE: number }) => ({
      intervalMs: raw.RETENTION_PURGE_INTERVAL_MS,
      batchSize: raw.RETENTION_PURGE_BATCH_SIZE,
      maxBatches: 20,
    }),
  );

/**
 * EVENT_RETENTION_HOURS (default 7 days): how long published outbox rows and processed-event ids
 * are kept. Processed-event ids dedupe redeliveries, so this must outlast any redelivery: at
 * least a day.
 */
const eventRetentionEnv = () =>
  fragment(
    { EVENT_RETENTION_HOURS: env.int(24, 24 * 365).default(7 * 24) },
    (raw: { EVENT_RETENTION_HOURS: number }) => raw.EVENT_RETENTION_HOURS,
  );

// biome-ignore lint/suspicious/noExplicitAny: any fragment, whatever it reads and makes.
type AnyFragment = EnvFragment<Variables, any, unknown>;
type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (
  whole: infer I,
) => void
  ? I
  : never;

/**
 * The fragments a service uses as one: their variables together, and its config's shared part
 * shaped as `{ [key]: the fragment's value }`, e.g. `combine({ ...service('CART'),
 * mysql: mysql('CART'), auth: auth() })` gives `{ http, logLevel, tracing, mysql, auth }`.
 */
const combineEnv = <F extends Record<string, AnyFragment>>(
  parts: F,
): EnvFragment<
  Intersection<F[keyof F]['variables']>,
  Intersection<Parameters<F[keyof F]['shape']>[0]>,
  { [K in keyof F]: ReturnType<F[K]['shape']> }
> => ({
  variables: Object.assign({}, ...Object.values(parts).map((part) => part.variables)),
  shape: (raw) =>
    Object.fromEntries(Object.entries(parts).map(([key, part]) => [key, part.shape(raw)])) as {
      [K in keyof F]: ReturnType<F[K]['shape']>;
    },
});

/**
 * The variables several services share, as fragments (same names, same messages, same
 * defaults as each service had; secrets required without defaults). A service's config.ts:
 * `const shared = sharedEnv.combine({ ...sharedEnv.service('CART'), mysql:
 * sharedEnv.mysql('CART'), … })`, then `z.object({ ...shared.variables, <its own> })` and
 * `{ ...shared.shape(raw), <its own> }`.
 */
export const sharedEnv = {
  /** `http`, `logLevel`, `tracing` and `pressure`: what every service has. */
  service: serviceEnv,
  http: httpEnv,
  logLevel: logLevelEnv,
  tracing: tracingEnv,
  pressure: pressureEnv,
  cors: corsEnv,
  jwt: jwtEnv,
  auth: authEnv,
  kafka: kafkaEnv,
  mysql: mysqlEnv,
  mongo: mongoEnv,
  clientCredentials: clientCredentialsEnv,
  breakers: breakerEnv,
  retention: retentionEnv,
  eventRetention: eventRetentionEnv,
  combine: combineEnv,
};
