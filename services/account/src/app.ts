import type { KeyObject } from 'node:crypto';
import {
  createServiceApp,
  localKeys,
  type ServiceApp,
  type ServiceLogger,
  stopOnClose,
  toPublicJwk,
} from '@shop/platform';
import { createKafka, startOutboxRelay } from '@shop/platform/kafka';
import { migrate, mysqlReady } from '@shop/platform/mysql';
import type { Pool } from 'mysql2/promise';
import type { AccountConfig } from './config.js';
import { accountOutbox } from './data/account-outbox.js';
import { createAccountRepository } from './data/account-repository.js';
import { createAccountTokenRepository } from './data/account-token-repository.js';
import { createLoginAttemptRepository } from './data/login-attempt-repository.js';
import { migrations } from './data/migrations.js';
import { createRefreshTokenRepository } from './data/refresh-token-repository.js';
import type { AccountEmailDeps } from './domain/account-emails.js';
import { type AccountDeps, bootstrapAdmin, isAccessRevoked } from './domain/accounts.js';
import type { PasswordHasher } from './domain/ports.js';
import { resetWakingFeed, revocationFeed, wakingOnRevocation } from './domain/revocation-feed.js';
import type { SessionDeps } from './domain/sessions.js';
import { startAccountRetention } from './jobs/retention.js';
import { accountEmailRoutes } from './routes/account-emails.js';
import { accountRoutes } from './routes/accounts.js';
import { authRoutes } from './routes/auth.js';
import { jwksRoutes } from './routes/jwks.js';
import { revocationRoutes } from './routes/revocations.js';
import { createArgon2Hasher } from './security/argon2-hasher.js';
import { createTokenSigner } from './security/token-signer.js';

export interface AccountAppDeps {
  config: AccountConfig;
  logger: ServiceLogger;
  pool: Pool;
  /** EC P-256 private key that signs access tokens (ES256). */
  signingKey: KeyObject;
  /** The previous and the next signing key of a rotation: published and accepted, never used to sign. */
  otherKeys?: KeyObject[];
  hasher?: PasswordHasher;
  now?: () => Date;
  /** Background work to skip (tests): the periodic retention purge, the outbox relay. */
  background?: { retention?: boolean; outbox?: boolean };
}

/**
 * account-service: migrates accounts_db, makes sure the bootstrap ADMIN exists, and serves
 * accounts, logins, refresh and service tokens and the JWKS.
 */
export const buildApp = async (deps: AccountAppDeps): Promise<ServiceApp> => {
  const { config, pool, signingKey } = deps;
  await migrate(pool, migrations);

  const now = deps.now ?? (() => new Date());
  const stored = createAccountRepository(pool);
  const feed = revocationFeed({
    accounts: stored,
    now,
    accessTtlSeconds: config.tokens.accessTtlSeconds,
  });
  const accounts = wakingOnRevocation(stored, feed);
  const refreshTokens = createRefreshTokenRepository(pool);
  const hasher = deps.hasher ?? createArgon2Hasher();
  const accountDeps: AccountDeps = { accounts, refreshTokens, hasher, now };
  const limits = config.loginThrottle;
  const sessionDeps: SessionDeps = {
    ...accountDeps,
    signer: createTokenSigner({ privateKey: signingKey, ...config.tokens }),
    ttl: {
      accessSeconds: config.tokens.accessTtlSeconds,
      refreshSeconds: config.tokens.refreshTtlSeconds,
      serviceSeconds: config.tokens.serviceTtlSeconds,
    },
    throttle: {
      attempts: createLoginAttemptRepository(pool),
      subjectSecret: limits.subjectSecret,
      perAccount: {
        maxFailures: limits.maxFailuresPerAccount,
        windowSeconds: limits.windowSeconds,
        lockoutSeconds: limits.lockoutSeconds,
      },
      perAddress: {
        maxFailures: limits.maxFailuresPerAddress,
        windowSeconds: limits.windowSeconds,
        lockoutSeconds: limits.lockoutSeconds,
      },
    },
    serviceClients: config.serviceClients,
  };
  await bootstrapAdmin(accountDeps, config.bootstrapAdmin);

  // The signing key first; the same key configured twice is published once.
  const publicKeys = [
    ...new Map(
      [signingKey, ...(deps.otherKeys ?? [])].map(toPublicJwk).map((jwk) => [jwk.kid, jwk]),
    ).values(),
  ];
  const app = await createServiceApp({
    service: 'account-service',
    corsOrigins: config.cors,
    description: 'Accounts, credentials, access/refresh/service tokens and the JWKS',
    logger: deps.logger,
    readiness: { mysql: mysqlReady(pool) },
    // Behind the gateway every login comes from its address: the forwarded one is the client's,
    // and login throttling per address must count clients, not the gateway.
    trustProxy: config.trustedProxies,
    pressure: config.pressure,
    auth: {
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      resolveKey: localKeys(publicKeys),
      // Here a token is checked against its account's current version in the database; the
      // other services against the revocation list below, which they long-poll.
      isRevoked: async (caller) => await isAccessRevoked(accounts, caller),
    },
  });
  // The emails' events go out through the outbox: account-service needs Kafka for nothing else,
  // so it starts and answers without it, and the events wait in the outbox until it is back.
  const relay =
    deps.background?.outbox === false
      ? undefined
      : startOutboxRelay({
          store: accountOutbox(pool),
          kafka: createKafka({
            clientId: 'account-service',
            brokers: config.kafka.brokers,
            logger: deps.logger,
          }),
          logger: deps.logger,
          topicNamespace: config.kafka.topicNamespace,
          pollIntervalMs: config.kafka.outboxSafetyPollMs,
        });
  const emails = config.accountEmails;
  const wakeOutbox = () => relay?.wake();
  const emailDeps: AccountEmailDeps = {
    ...accountDeps,
    tokens: resetWakingFeed(createAccountTokenRepository(pool), feed),
    ttlSeconds: {
      passwordReset: emails.passwordResetTtlSeconds,
      emailVerification: emails.emailVerificationTtlSeconds,
    },
    throttle: {
      attempts: sessionDeps.throttle.attempts,
      subjectSecret: limits.subjectSecret,
      perEmail: {
        maxFailures: emails.maxPerEmail,
        windowSeconds: limits.windowSeconds,
        lockoutSeconds: limits.windowSeconds,
      },
      perAddress: {
        maxFailures: emails.maxPerAddress,
        windowSeconds: limits.windowSeconds,
        lockoutSeconds: limits.windowSeconds,
      },
    },
    wakeOutbox,
  };
  await app.register(accountRoutes, {
    deps: accountDeps,
    mailer: { ttlSeconds: emails.emailVerificationTtlSeconds, wakeOutbox },
  });
  await app.register(accountEmailRoutes, { deps: emailDeps });
  await app.register(authRoutes, { deps: sessionDeps });
  await app.register(jwksRoutes, { keys: publicKeys });
  await app.register(revocationRoutes, { deps: { ...accountDeps, revocationFeed: feed } });
  // Before the server waits for open requests to end: the long polls are answered now.
  app.addHook('preClose', async () => feed.close());
  const retention =
    deps.background?.retention === false
      ? undefined
      : startAccountRetention(pool, config.retention, deps.logger, now);
  stopOnClose(app, retention, relay);
  return app;
};
