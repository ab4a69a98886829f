import {
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
import { createPreferencesRepository } from './data/preferences-repository.js';
import { createStreamTicketRepository } from './data/stream-ticket-repository.js';
import type { DeliveryDeps } from './domain/delivery.js';
import type { NotificationDeps } from './domain/notifications.js';
import type { PhoneRecipient } from './domain/ports.js';
import { phoneRecipients } from './domain/preferences.js';
import { startDeliveryWorker } from './jobs/delivery-worker.js';
import { startInboxFeed } from './jobs/inbox-feed.js';
import { notificationRoutes } from './routes/notifications.js';
import { preferenceRoutes } from './routes/preferences.js';
import { streamRoutes } from './routes/stream.js';
import { createMailTransport } from './transports/mail-transport.js';
import { createSmsTransport } from './transports/sms-transport.js';

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
 * notifications for the channels each customer chose, the workers delivering emails (SMTP or
 * .eml files) and text messages (an SMS provider's webhook or .sms.txt files) with retries, the
 * API listing a user's inbox and their preferences, and the inbox's live stream (SSE).
 */
export const buildApp = async (deps: NotificationAppDeps): Promise<ServiceApp> => {
  const { config, logger } = deps;
  const collections = await prepareNotificationDb(deps.db);
  const notifications = createNotificationRepository(collections.notifications);
  const textMessages = createNotificationRepository(collections.textMessages);
  const preferences = createPreferencesRepository(collections.preferences);
  const now = deps.now ?? (() => new Date());
  const transport = await createMailTransport(config.mail);
  const smsTransport = await createSmsTransport(config.sms);
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
  // Text messages: the same worker rules over their own store, to the number in the preferences.
  const smsDelivery: DeliveryDeps<PhoneRecipient> = {
    ...delivery,
    notifications: textMessages,
    recipients: phoneRecipients(preferences),
    transport: smsTransport,
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
    description:
      'Order and payment notifications by email, SMS and in-app (live), and each customer’s preferences',
    logger,
    readiness: { mongo: async () => await deps.db.command({ ping: 1 }), kafka: events.ready },
    registry,
    breakers,
    pressure: config.pressure,
    auth: { ...config.auth, resolveKey: deps.resolveKey },
  });

  const delivering = deps.background?.delivery !== false;
  const workerOptions = { intervalMs: config.delivery.intervalMs, logger };
  const worker = delivering ? startDeliveryWorker(delivery, workerOptions) : undefined;
  const smsWorker = delivering ? startDeliveryWorker(smsDelivery, workerOptions) : undefined;
  const feed = startInboxFeed(notifications, { pollMs: config.stream.pollMs, logger, now });
  const notificationDeps: NotificationDeps = {
    notifications,
    textMessages,
    preferences,
    now,
    deliverNow: (notification) => worker?.deliverNow(notification),
    deliverSmsNow: (message) => smsWorker?.deliverNow(message),
    announce: (notification) => feed.publish(notification),
  };
  await app.register(notificationRoutes, { deps: notificationDeps });
  await app.register(preferenceRoutes, { deps: { preferences, now } });
  const tickets = {
    tickets: createStreamTicketRepository(collections.streamTickets),
    now,
    ticketTtlSeconds: config.stream.ticketTtlSeconds,
  };
  await app.register(streamRoutes, {
    deps: { tickets, feed, inbox: notifications, heartbeatMs: config.stream.heartbeatMs },
  });

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
          pollMs: config.kafka.consumerPollMs,
        });
  stopOnClose(
    app,
    { stop: transport.close },
    { stop: smsTransport.close },
    events,
    worker,
    smsWorker,
    feed,
    consumer,
    accountConsumer,
  );
  return app;
};
