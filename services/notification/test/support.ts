import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShopEvent } from '@shop/contracts';
import { createLogger, type ServiceApp, serviceTokenProvider } from '@shop/platform';
import {
  type AccountStub,
  createTopicNamespace,
  deliverEvents,
  startAccountStub,
  type TopicNamespace,
} from '@shop/testing';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type NotificationAppDeps } from '../src/app.js';
import { createAccountClient } from '../src/clients/accounts.js';
import { loadNotificationConfig, type NotificationConfig } from '../src/config.js';
import { type NotificationDocument, prepareNotificationDb } from '../src/data/indexes.js';
import { createNotificationRepository } from '../src/data/notification-repository.js';
import type { DeliveryDeps } from '../src/domain/delivery.js';
import { createFileTransport } from '../src/transports/file-transport.js';
import { type ParsedMail, parseMail } from './mail.js';

export interface Customer {
  id: string;
  token: string;
  email: string;
}

export interface NotificationHarness {
  app: ServiceApp;
  db: Db;
  /** account-service: tokens, and the addresses of the accounts it registered. */
  accounts: AccountStub;
  config: NotificationConfig;
  adminToken: string;
  /** Where the file transport writes `<notificationId>.eml`. */
  mailDir: string;
  /** The app's Kafka consumer group. */
  groupId: string;
  topics: TopicNamespace;
  /** A newly registered customer with the address account-service has for it. */
  customer(): Customer;
  /** Publishes events and waits until the app's consumer has handled them. */
  deliver(...events: ShopEvent[]): Promise<void>;
  /** The stored document of a notification (its id is the event id). */
  stored(id: string): Promise<NotificationDocument | null>;
  /** The .eml file the file transport wrote for a notification, parsed; undefined while missing. */
  mailFile(id: string): Promise<ParsedMail | undefined>;
  /** The stored SMS record of a notification (same id: the event id). */
  storedText(id: string): Promise<NotificationDocument | null>;
  /** Saves a customer's notification preferences through the API. */
  prefer(customer: Customer, preferences: Record<string, unknown>): Promise<void>;
  /** The delivery domain over the same database and mail directory, to drive by hand. */
  delivery(overrides?: Partial<DeliveryDeps>): Promise<DeliveryDeps>;
}

export interface HarnessOptions {
  background?: NotificationAppDeps['background'];
  /** Extra environment, read when the suite starts (e.g. an SMTP server started before). */
  env?: () => Record<string, string>;
}

/**
 * One notification-service per test file, on its own database, topics, consumer group and mail
 * directory, with a contract-checked account-service stub issuing tokens and answering for the
 * addresses of the accounts it registered.
 */
export const useNotificationService = ({
  background = { consumer: true, delivery: true },
  env = () => ({}),
}: HarnessOptions = {}) => {
  const harness = {} as NotificationHarness;
  const suffix = crypto.randomUUID().slice(0, 8);
  let mongo: MongoClient;

  beforeAll(async () => {
    const accounts = await startAccountStub();
    const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
    const topics = await createTopicNamespace(brokers);
    const mailDir = await mkdtemp(join(tmpdir(), 'notification-mail-'));
    const config = loadNotificationConfig({
      ...process.env,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      NOTIFICATION_DB_NAME: `notificationdb_test_${suffix}`,
      NOTIFICATION_CONSUMER_GROUP: `notification-service-test-${suffix}`,
      // The app stops (and resumes a retried partition) without waiting for a whole idle poll.
      KAFKA_CONSUMER_POLL_MS: '500',
      ACCOUNT_SERVICE_URL: accounts.url,
      NOTIFICATION_MAIL_DIR: mailDir,
      SMTP_URL: '',
      NOTIFICATION_DELIVERY_INTERVAL_MS: '200',
      NOTIFICATION_RETRY_BASE_MS: '60000',
      ...env(),
    });
    mongo = new MongoClient(config.mongo.url, { maxPoolSize: 50 });
    await mongo.connect();
    const db = mongo.db(config.mongo.database);
    const app = await buildApp({
      config,
      logger: createLogger({ service: 'notification-service', level: 'warn' }),
      db,
      background,
    });
    const { notifications, textMessages } = await prepareNotificationDb(db);
    const token = serviceTokenProvider({
      accountServiceUrl: accounts.url,
      ...config.serviceCredentials,
    });

    Object.assign(harness, {
      app,
      db,
      accounts,
      config,
      mailDir,
      topics,
      groupId: config.kafka.groupId,
      adminToken: accounts.admin().token,
      customer: () => accounts.customer(),
      deliver: async (...events: ShopEvent[]) =>
        await deliverEvents(brokers, config.kafka.groupId, events, topics.namespace),
      stored: async (id: string) => await notifications.findOne({ _id: id }),
      storedText: async (id: string) => await textMessages.findOne({ _id: id }),
      prefer: async (customer: Customer, preferences: Record<string, unknown>) => {
        const response = await app.inject({
          method: 'PUT',
          url: '/api/v1/notifications/preferences',
          headers: bearer(customer.token),
          payload: preferences,
        });
        if (response.statusCode !== 200) throw new Error(`preferences: ${response.body}`);
      },
      mailFile: async (id: string) => await readMail(mailDir, id),
      delivery: async (overrides: Partial<DeliveryDeps> = {}) => ({
        notifications: createNotificationRepository(notifications),
        recipients: createAccountClient(accounts.url, token),
        transport: await createFileTransport(mailDir, config.mail.from),
        now: () => new Date(),
        policy: config.delivery,
        ...overrides,
      }),
    } satisfies Partial<NotificationHarness>);
  });

  afterAll(async () => {
    await harness.app?.close();
    await harness.db?.dropDatabase();
    await mongo?.close();
    await harness.accounts?.close();
    await harness.topics?.drop();
    if (harness.mailDir) await rm(harness.mailDir, { recursive: true, force: true });
  });

  return harness;
};

const readMail = async (directory: string, id: string) => {
  try {
    return parseMail(await readFile(join(directory, `${id}.eml`), 'utf8'));
  } catch (error) {
    // undefined, not null: `eventually` keeps polling on undefined.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Files in the mail directory that belong to a notification (temporary files included). */
export const mailFilesOf = async (directory: string, id: string) =>
  (await readdir(directory)).filter((name) => name.includes(id));

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
