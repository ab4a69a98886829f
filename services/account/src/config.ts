import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

const ServiceClients = z.string().transform((value, context) => {
  const clients = new Map<string, string>();
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [clientId, secret] = [
      entry.slice(0, entry.indexOf(':')),
      entry.slice(entry.indexOf(':') + 1),
    ];
    if (!entry.includes(':') || !/^[a-z][a-z0-9-]{1,62}$/.test(clientId) || secret.length < 16) {
      context.addIssue({
        code: 'custom',
        message:
          'must be a comma-separated list of client-id:secret (secret at least 16 characters)',
      });
      return z.NEVER;
    }
    clients.set(clientId, secret);
  }
  return clients;
});

const shared = sharedEnv.combine({
  ...sharedEnv.service('ACCOUNT'),
  mysql: sharedEnv.mysql('ACCOUNT'),
  jwt: sharedEnv.jwt(),
  retention: sharedEnv.retention(),
});

const Schema = z.object({
  ...shared.variables,
  JWT_PRIVATE_KEY_FILE: env.string(),
  /** Key rotation (docs/tokens.md): published and accepted beside the signing key when present. */
  JWT_PREVIOUS_KEY_FILE: env.string().optional(),
  JWT_NEXT_KEY_FILE: env.string().optional(),
  ACCESS_TOKEN_TTL_SECONDS: env.int(60, 900).default(900),
  SERVICE_TOKEN_TTL_SECONDS: env.int(60, 900).default(300),
  REFRESH_TOKEN_TTL_SECONDS: env.int(300, 90 * 24 * 3600).default(30 * 24 * 3600),
  SERVICE_CLIENTS: ServiceClients,
  BOOTSTRAP_ADMIN_EMAIL: z.email(),
  BOOTSTRAP_ADMIN_PASSWORD: env.secret(12),
  BOOTSTRAP_ADMIN_NAME: env.string().default('Administrator'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: env.int(1, 1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: env.int(1, 10_000).default(50),
  LOGIN_FAILURE_WINDOW_SECONDS: env.int(1, 86_400).default(900),
  LOGIN_LOCKOUT_SECONDS: env.int(1, 86_400).default(900),
  /** Keys the hashes that name unknown emails and client addresses in the login counters. */
  LOGIN_THROTTLE_SECRET: env.secret(),
  /** Login counters untouched this long are purged (a day at least: longer than any window). */
  LOGIN_ATTEMPT_RETENTION_HOURS: env.int(24, 24 * 365).default(7 * 24),
  /** Refresh tokens are purged this long after they expired. */
  REFRESH_TOKEN_RETENTION_HOURS: env.int(0, 24 * 365).default(7 * 24),
  /** How long a password-reset link works (minutes). */
  PASSWORD_RESET_TTL_MINUTES: env.int(5, 24 * 60).default(30),
  /** How long an email-verification link works (hours). */
  EMAIL_VERIFICATION_TTL_HOURS: env.int(1, 30 * 24).default(72),
  /** Reset emails per address in a LOGIN_FAILURE_WINDOW_SECONDS window; more are not sent. */
  PASSWORD_RESET_MAX_PER_EMAIL: env.int(1, 1000).default(3),
  /** Reset requests per client address in a window; more get 429. */
  PASSWORD_RESET_MAX_PER_ADDRESS: env.int(1, 10_000).default(30),
  /** The outbox relay publishes account.events (the emails) here; account-service starts without it. */
  KAFKA_BROKERS: env.list(),
  KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
  OUTBOX_SAFETY_POLL_MS: env.outboxSafetyPollMs(),
  /** Addresses (or CIDR ranges) of proxies whose X-Forwarded-For names the real client. */
  TRUSTED_PROXIES: env.trustedProxies(),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadAccountConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  const { jwt, retention, ...common } = shared.shape(raw);
  return {
    ...common,
    tokens: {
      ...jwt,
      privateKeyFile: raw.JWT_PRIVATE_KEY_FILE,
      previousKeyFile: raw.JWT_PREVIOUS_KEY_FILE,
      nextKeyFile: raw.JWT_NEXT_KEY_FILE,
      accessTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
      serviceTtlSeconds: raw.SERVICE_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: raw.REFRESH_TOKEN_TTL_SECONDS,
    },
    serviceClients: raw.SERVICE_CLIENTS,
    bootstrapAdmin: {
      email: raw.BOOTSTRAP_ADMIN_EMAIL,
      password: raw.BOOTSTRAP_ADMIN_PASSWORD,
      name: raw.BOOTSTRAP_ADMIN_NAME,
    },
    trustedProxies: raw.TRUSTED_PROXIES,
    retention: {
      ...retention,
      loginAttemptHours: raw.LOGIN_ATTEMPT_RETENTION_HOURS,
      refreshTokenHours: raw.REFRESH_TOKEN_RETENTION_HOURS,
    },
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
      outboxSafetyPollMs: raw.OUTBOX_SAFETY_POLL_MS,
    },
    accountEmails: {
      passwordResetTtlSeconds: raw.PASSWORD_RESET_TTL_MINUTES * 60,
      emailVerificationTtlSeconds: raw.EMAIL_VERIFICATION_TTL_HOURS * 3600,
      maxPerEmail: raw.PASSWORD_RESET_MAX_PER_EMAIL,
      maxPerAddress: raw.PASSWORD_RESET_MAX_PER_ADDRESS,
    },
    loginThrottle: {
      maxFailuresPerAccount: raw.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: raw.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: raw.LOGIN_FAILURE_WINDOW_SECONDS,
      lockoutSeconds: raw.LOGIN_LOCKOUT_SECONDS,
      subjectSecret: raw.LOGIN_THROTTLE_SECRET,
    },
  };
};

export type AccountConfig = ReturnType<typeof loadAccountConfig>;
