import { isIP } from 'node:net';
import { z } from 'zod';
import { CONSUMER_POLL_MS, OUTBOX_SAFETY_POLL_MS } from './kafka/polls.js';

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

/** An IPv4/IPv6 address, or one with a prefix length narrower than the whole space. */
const isProxyRange = (entry: string) => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits >= 1 && bits <= (family === 4 ? 32 : 128);
};

/** Building blocks for config schemas; each parses the string an environment variable holds. */
export const env = {
  string: () => z.string().trim().min(1, { error: 'must not be empty' }),
  /** Secrets have no default and a minimum length. */
  secret: (minLength = 16) =>
    z.string().min(minLength, { error: `must be at least ${minLength} characters` }),
  int: (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) => integer(min, max),
  port: () => integer(1, 65_535),
  /** A share from 0 to 1, e.g. `0.9`. */
  ratio: () =>
    z
      .string()
      .trim()
      .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, { error: 'must be a number from 0 to 1' })
      .transform(Number),
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
  /**
   * Proxies whose X-Forwarded-For is believed: a comma-separated list of addresses or CIDR
   * ranges (empty or unset: none, the peer is the client). A range that covers everything
   * (`/0`) is refused: anyone could then choose the address they are counted under.
   */
  trustedProxies: () =>
    z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().refine(isProxyRange, {
            error: 'must list IP addresses or CIDR ranges (not /0), comma-separated',
          }),
        ),
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
  /**
   * OUTBOX_SAFETY_POLL_MS: how often an outbox relay looks for events it was not woken for, those
   * of a process that died and stays down (kafka/polls.ts).
   */
  outboxSafetyPollMs: () => integer(50, 600_000).default(OUTBOX_SAFETY_POLL_MS),
  /**
   * KAFKA_CONSUMER_POLL_MS: how long an event consumer's fetch waits at the broker when there is
   * nothing to read (kafka/polls.ts).
   */
  consumerPollMs: () => integer(50, 30_000).default(CONSUMER_POLL_MS),
};
