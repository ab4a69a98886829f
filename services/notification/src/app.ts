import {
  auth,
  circuitBreakers,
  createRegistry,
  createServiceApp,
  type KeyResolver,
  type ServiceApp,
  type ServiceLogger,
  serviceTokenProvider,
  stopOnClose,
} from '@shop/platform';
import { connectServiceKafka, startEventConsumer } from '@shop/platform/kafka';
import type { Db } from 'mongodb';
import { createAccountClient } from './clients/accounts.js';
import type { NotificationConfig } from './config.js';
import {
  ACCOUNT_TOPICS,
  accountEventHandler,
  parseAccountEvent,
} from './consumers/account-events.js';
import { NOTIFICATION_TOPICS, notificationHandler } from './consumers/saga-events.js';
import { createAccountEmailLog } from './data/account-email-log.js';
import { prepareNotificationDb } from './data/indexes.js';
import { createNotificationRepository } from './data/notification-repository.js';
import type { DeliveryDeps } from './domain/delivery.js';
import type { NotificationDeps } from './domain/notifications.js';
import { startDeliveryWorker } from './jobs/delivery-worker.js';
import { notificationRoutes } from './routes/notifications.js';
import { createMailTransport } from './transports/mail-transport.js';

export interface NotificationAppDeps {
  config: NotificationConfig;
  logger: ServiceLogger;
  db: Db;
  now?: () => Date;
  /** Verifies tokens; defaults to account-service's JWKS. */
  resolveKey?: KeyResolver;
  /** Background work, all on by default; tests switch parts off to drive them by hand. */
  background?: { consumer?: boolean; delivery?: boolean };
}

/**
 * notification-service: the consumer turning order and payment events into stored
 * notifications, the worker delivering them (SMTP or .eml files) with retries, and the API
 * listing a user's notifications.
 */
export const buildApp = async (deps: NotificationAppDeps): Promise<ServiceApp> => {
  const { config, logger } = deps;
  const collections = await prepareNotificationDb(deps.db);
  const notifications = createNotificationRepository(collections.notifications);
  const now = deps.now ?? (() => new Date());
  const transport = await createMailTransport(config.mail);
  const registry = createRegistry('notification-service');
  const breakers = circuitBreakers({ registry, ...config.breakers });
  const token = serviceTokenProvider({
    accountServiceUrl: config.auth.accountServiceUrl,
    ...config.serviceCredentials,
    breakers,
  });
  const delivery: DeliveryDeps = {
    notifications,
    recipients: createAccountClient(config.auth.accountServiceUrl, token, breakers),
    transport,
    now,
    policy: config.delivery,
    log: logger,
  };
  const events = await connectServiceKafka({
    config: config.kafka,
    clientId: 'notification-service',
    logger,
    registry,
  });

  const app = await createServiceApp({
    service: 'notification-service',
    corsOrigins: config.cors,
    description: 'Order and payment emails, and the notifications a user received',
    logger,
    readiness: { mongo: async () => await deps.db.command({ ping: 1 }), kafka: events.ready },
    registry,
    breakers,
    pressure: config.pressure,
  });
  await app.register(auth, {
    ...config.auth,
    resolveKey: deps.resolveKey,
  });

  const worker =
    deps.background?.delivery === false
      ? undefined
      : startDeliveryWorker(delivery, { intervalMs: config.delivery.intervalMs, logger });
  const notificationDeps: NotificationDeps = {
    notifications,
    now,
    deliverNow: (notification) => worker?.deliverNow(notification),
  };
  await app.register(notificationRoutes, { deps: notificationDeps });

  const consumer =
    deps.background?.consumer === false
      ? undefined
      : await events.consume(NOTIFICATION_TOPICS, notificationHandler(notificationDeps));
  // Password-reset and verification emails (account.events): a consumer group of their own, so
  // the saga consumer's group keeps one subscription.
  const accountConsumer =
    deps.background?.consumer === false
      ? undefined
      : await startEventConsumer({
          kafka: events.kafka,
          logger,
          groupId: `${config.kafka.groupId}.accounts`,
          topicNamespace: config.kafka.topicNamespace,
          topics: ACCOUNT_TOPICS,
          parse: parseAccountEvent,
          handle: accountEventHandler({
            log: createAccountEmailLog(deps.db),
            transport,
            storefrontUrl: config.storefrontUrl,
            now,
            logger,
          }),
          metrics: events.metrics,
        });
  stopOnClose(app, { stop: transport.close }, events, worker, consumer, accountConsumer);
  return app;
};
