import { createHmac } from 'node:crypto';
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
import { connectServiceKafka } from '@shop/platform/kafka';
import type { DueSweeper } from '@shop/platform/lifecycle';
import { migrate, mysqlOutbox, mysqlReady } from '@shop/platform/mysql';
import type { Pool } from 'mysql2/promise';
import { createAccountClient, createOrderClient } from './clients/services.js';
import type { PaymentConfig } from './config.js';
import { PAYMENT_TOPICS, paymentSagaHandler } from './consumers/saga-events.js';
import { createGatewayLedger } from './data/gateway-ledger.js';
import { createIdempotencyRepository } from './data/idempotency-repository.js';
import { migrations } from './data/migrations.js';
import { createPaymentRepository } from './data/payment-repository.js';
import { createGatewaySimulator } from './domain/gateway.js';
import type { PaymentDeps } from './domain/payments.js';
import type { Gateway } from './domain/ports.js';
import { seededRandom } from './domain/test-cards.js';
import { startHousekeeping, wakeOnCharges } from './jobs/housekeeping.js';
import { startPaymentRetention } from './jobs/retention.js';
import { paymentRoutes } from './routes/payments.js';

/** The gateway simulator on its ledger; with PAYMENT_FAILURE_SEED its random draws repeat. */
const simulatorOf = (pool: Pool, { failureSeed, ...options }: PaymentConfig['gateway']): Gateway =>
  createGatewaySimulator(createGatewayLedger(pool), {
    ...options,
    ...(failureSeed === null ? {} : { random: seededRandom(failureSeed) }),
  });

export interface PaymentAppDeps {
  config: PaymentConfig;
  logger: ServiceLogger;
  pool: Pool;
  now?: () => Date;
  resolveKey?: KeyResolver;
  /** Defaults to the simulator (its ledger in payments_db) configured by PAYMENT_GATEWAY_*. */
  gateway?: Gateway;
  background?: { consumer?: boolean; housekeeping?: boolean; retention?: boolean };
}

/**
 * payment-service: idempotent charges and refunds over HTTP, the OrderCancelled consumer that
 * refunds, the outbox relay publishing payment.events, and housekeeping.
 */
export const buildApp = async (deps: PaymentAppDeps): Promise<ServiceApp> => {
  const { config, logger, pool } = deps;
  await migrate(pool, migrations);
  const registry = createRegistry('payment-service');
  const breakers = circuitBreakers({ registry, ...config.breakers });
  const events = await connectServiceKafka({
    config: config.kafka,
    clientId: 'payment-service',
    logger,
    outbox: mysqlOutbox(pool),
    registry,
  });
  const token = serviceTokenProvider({
    accountServiceUrl: config.auth.accountServiceUrl,
    ...config.serviceCredentials,
    breakers,
  });
  // Started below, once the deps it works on exist; told when each charge started falls due.
  let housekeeping: DueSweeper | undefined;
  const paymentDeps: PaymentDeps = {
    payments: wakeOnCharges(
      createPaymentRepository(pool, { wakeOutbox: events.wakeOutbox }),
      config.housekeeping.interruptedAfterMs,
      (at) => housekeeping?.dueAt(at),
    ),
    orders: createOrderClient(config.orderServiceUrl, token, breakers),
    accounts: createAccountClient(config.auth.accountServiceUrl, token, breakers),
    gateway: deps.gateway ?? simulatorOf(pool, config.gateway),
    now: deps.now ?? (() => new Date()),
    interruptedAfterMs: config.housekeeping.interruptedAfterMs,
  };
  const idempotency = createIdempotencyRepository(pool);

  const app = await createServiceApp({
    service: 'payment-service',
    corsOrigins: config.cors,
    description: 'Payments, refunds and the gateway simulator',
    logger,
    readiness: { mysql: mysqlReady(pool), kafka: events.ready },
    registry,
    breakers,
    pressure: config.pressure,
    auth: { ...config.auth, resolveKey: deps.resolveKey },
  });
  // A keyed hash: the card numbers behind a stored fingerprint cannot be tried one by one.
  const cardFingerprint = (cardNumber: string) =>
    createHmac('sha256', config.fingerprintSecret).update(cardNumber).digest('hex');
  await app.register(paymentRoutes, { deps: paymentDeps, idempotency, cardFingerprint });

  const consumer =
    deps.background?.consumer === false
      ? undefined
      : await events.consume(PAYMENT_TOPICS, paymentSagaHandler(paymentDeps));
  housekeeping =
    deps.background?.housekeeping === false
      ? undefined
      : startHousekeeping(paymentDeps, idempotency, {
          intervalMs: config.housekeeping.intervalMs,
          idempotencyTtlHours: config.idempotencyTtlHours,
          logger,
        });
  const retention =
    deps.background?.retention === false
      ? undefined
      : startPaymentRetention(
          pool,
          { ...config.retention, eventHours: config.eventRetentionHours },
          logger,
          paymentDeps.now,
        );
  stopOnClose(app, events, housekeeping, consumer, retention);
  return app;
};
