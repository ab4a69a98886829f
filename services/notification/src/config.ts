import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

const shared = sharedEnv.combine({
  ...sharedEnv.service('NOTIFICATION'),
  mongo: sharedEnv.mongo('NOTIFICATION'),
  kafka: sharedEnv.kafka('NOTIFICATION'),
  auth: sharedEnv.auth(),
  serviceCredentials: sharedEnv.clientCredentials('NOTIFICATION'),
  breakers: sharedEnv.breakers(),
});

const Schema = z.object({
  ...shared.variables,
  /** Empty or unset: messages are written as .eml files to NOTIFICATION_MAIL_DIR instead. */
  SMTP_URL: z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional())
    .optional(),
  MAIL_FROM: env.string(),
  /** The storefront's public address: password-reset and verification links open its pages. */
  STOREFRONT_URL: env.url().default('http://localhost:8080'),
  NOTIFICATION_MAIL_DIR: env.string(),
  NOTIFICATION_DELIVERY_INTERVAL_MS: env.int(100, 600_000).default(10_000),
  NOTIFICATION_MAX_ATTEMPTS: env.int(1, 100).default(10),
  NOTIFICATION_RETRY_BASE_MS: env.int(10, 3_600_000).default(5_000),
  NOTIFICATION_RETRY_MAX_MS: env.int(10, 86_400_000).default(1_800_000),
  /** A claimed notification whose worker died is taken over after this long. */
  NOTIFICATION_CLAIM_TIMEOUT_MS: env.int(1_000, 3_600_000).default(120_000),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadNotificationConfig = (
  source: Record<string, string | undefined> = process.env,
) => {
  const raw = loadConfig(Schema, source);
  return {
    ...shared.shape(raw),
    mail: { from: raw.MAIL_FROM, smtpUrl: raw.SMTP_URL, directory: raw.NOTIFICATION_MAIL_DIR },
    storefrontUrl: raw.STOREFRONT_URL,
    delivery: {
      intervalMs: raw.NOTIFICATION_DELIVERY_INTERVAL_MS,
      maxAttempts: raw.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: raw.NOTIFICATION_RETRY_BASE_MS,
      retryMaxMs: raw.NOTIFICATION_RETRY_MAX_MS,
      claimTimeoutMs: raw.NOTIFICATION_CLAIM_TIMEOUT_MS,
    },
  };
};

export type NotificationConfig = ReturnType<typeof loadNotificationConfig>;
