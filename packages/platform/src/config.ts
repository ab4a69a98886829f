import { z } from 'zod';
import { DEFAULT_BREAKER_SETTINGS } from './http/circuit-breaker.js';
import { TRACING_ENV, tracingConfig } from './tracing.js';

/** Thrown at start-up when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment once with the service's zod schema. Every bad or missing variable is
 * reported by name, e.g. `ACCOUNT_DB_PASSWORD: is required but not set`.
 */
export const loadConfig = <S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> => {
  const result = schema.safeParse(env, {
    error: (issue) => (issue.input === undefined ? 'is required but not set' : undefined),
  });
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
};

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: 'must be an integer' })
    .transform(Number)
    .pipe(z.int().min(min).max(max));

/** Building blocks for config schemas; each parses the string an environment variable holds. */
export const env = {
  string: () => z.string().trim().min(1, { error: 'must not be empty' }),
  /** Secrets have no default and a minimum length. */
  secret: (minLength = 16) =>
    z.string().min(minLength, { error: `must be at least ${minLength} characters` }),
  int: (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) => integer(min, max),
  port: () => integer(1, 65_535),
  url: () => z.url({ error: 'must be a URL' }),
  /**
   * The base URL of a service, or of each of its replicas, comma-separated
   * (`http://127.0.0.1:8081,http://127.0.0.1:8181`); kept as that string, each part checked.
   * Clients spread calls over them (see `upstreams`).
   */
  urls: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.url({ error: 'must be a URL, or several separated by commas' }))
          .min(1, { error: 'must be a URL, or several separated by commas' }),
      )
      .transform((parts) => parts.join(',')),
  bool: () =>
    z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true'),
  /** Comma-separated list, e.g. `KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9093`. */
  list: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string()).min(1, { error: 'must list at least one value' })),
  /** A comma-separated list that may be empty or unset (then []). */
  optionalList: () =>
    z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Kafka topic namespace (empty: the production topic names). */
  topicNamespace: () =>
    z
      .string()
      .regex(/^([a-z0-9][a-z0-9-]{0,40})?$/, {
        error: 'must be empty or lower-case letters, digits and -',
      })
      .default(''),
};

// ---------------------------------------------------------------------------------------------
// Fragments: the variables several services share, each with the shape its config exposes.

type Variables = Record<string, z.ZodType>;

/**
 * Variables several services read, and how a service's config exposes them: spread
 * `variables` into the service's schema, and pass what `loadConfig` returned to `shape`
 * (whose parameter type checks, at the service, that the variables parse to what it reads).
 */
export interface EnvFragment<V extends Variables, Raw, Shaped> {
  readonly variables: V;
  shape(raw: Raw): Shaped;
}

const fragment = <V extends Variables, Raw, Shaped>(
  variables: V,
  shape: (raw: Raw) => Shaped,
): EnvFragment<V, Raw, Shaped> => ({ variables, shape });

/** `{ [name]: value }` keeping the name's literal type (`ORDER_PORT`, not `string`). */
const named = <K extends string, T>(name: K, value: T) => ({ [name]: value }) as { [_ in K]: T };

type LogLevel = z.output<ReturnType<typeof env.logLevel>>;
type TracingRaw = Parameters<typeof tracingConfig>[0];

/** BIND_HOST, `<PREFIX>_PORT`, LOG_LEVEL and the OpenTelemetry variables. */
export const serviceEnv = <P extends string>(prefix: P) => {
  const port = `${prefix}_PORT` as const;
  return fragment(
    {
      BIND_HOST: env.string(),
      ...named(port, env.port()),
      LOG_LEVEL: env.logLevel().default('info'),
      ...TRACING_ENV,
    },
    (
      raw: { BIND_HOST: string; LOG_LEVEL: LogLevel } & { [_ in typeof port]: number } & TracingRaw,
    ) => ({
      http: { host: raw.BIND_HOST, port: raw[port] },
      logLevel: raw.LOG_LEVEL,
      tracing: tracingConfig(raw),
    }),
  );
};

/** The issuer and audience every token must carry (JWT_ISSUER, JWT_AUDIENCE). */
export const jwtEnv = () =>
  fragment(
    { JWT_ISSUER: env.string(), JWT_AUDIENCE: env.string() },
    (raw: { JWT_ISSUER: string; JWT_AUDIENCE: string }) => ({
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
    }),
  );

/** What the auth plugin needs: JWT_ISSUER, JWT_AUDIENCE, and ACCOUNT_SERVICE_URL (its JWKS). */
export const authEnv = () => {
  const jwt = jwtEnv();
  return fragment(
    { ...jwt.variables, ACCOUNT_SERVICE_URL: env.urls() },
    (raw: Parameters<typeof jwt.shape>[0] & { ACCOUNT_SERVICE_URL: string }) => ({
      ...jwt.shape(raw),
      accountServiceUrl: raw.ACCOUNT_SERVICE_URL,
    }),
  );
};

/** KAFKA_BROKERS, KAFKA_TOPIC_NAMESPACE and the service's `<PREFIX>_CONSUMER_GROUP`. */
export const kafkaEnv = <P extends string>(prefix: P) => {
  const group = `${prefix}_CONSUMER_GROUP` as const;
  return fragment(
    {
      KAFKA_BROKERS: env.list(),
      KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
      ...named(group, env.string()),
    },
    (
      raw: { KAFKA_BROKERS: string[]; KAFKA_TOPIC_NAMESPACE: string } & {
        [_ in typeof group]: string;
      },
    ) => ({
      brokers: raw.KAFKA_BROKERS,
      groupId: raw[group],
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
    }),
  );
};

/** MYSQL_HOST, MYSQL_PORT and the service's `<PREFIX>_DB_NAME`, `_DB_USER`, `_DB_PASSWORD`. */
export const mysqlEnv = <P extends string>(prefix: P) => {
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
export const mongoEnv = <P extends string>(prefix: P) => {
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
export const clientCredentialsEnv = <P extends string>(prefix: P) => {
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
export const breakerEnv = () =>
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
