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
import { connectServiceKafka, deadLetterDesk } from '@shop/platform/kafka';
import type { DueSweeper } from '@shop/platform/lifecycle';
import type cassandra from 'cassandra-driver';
import { createItemClient } from './clients/item-client.js';
import type { OrderConfig } from './config.js';
import { ORDER_TOPICS, orderSagaHandler } from './consumers/saga-events.js';
import { createIdempotencyRepository } from './data/idempotency-repository.js';
import { createOrderRepository } from './data/order-repository.js';
import { cassandraOutbox } from './data/outbox-store.js';
import type { OrderDeps } from './domain/deps.js';
import { startDeadlineSweeper } from './jobs/deadline-sweeper.js';
import { startPaidAgeRefresh } from './jobs/paid-age.js';
import { paidAgeGauge, sagaMetrics } from './metrics.js';
import { operationRoutes } from './routes/operations.js';
import { orderRoutes } from './routes/orders.js';

export interface OrderAppDeps {
  config: OrderConfig;
  logger: ServiceLogger;
  /** Connected and bound to the migrated keyspace (see `openOrderStore`). */
  cassandra: cassandra.Client;
  now?: () => Date;
  resolveKey?: KeyResolver;
  /** Background work, all on by default; tests switch parts off to drive them by hand. */
  background?: { consumer?: boolean; sweeper?: boolean; paidAge?: boolean };
}

/**
 * order-service: the order API, the saga consumer (payment and inventory events), the outbox
 * relay publishing order.events, the payment-deadline sweeper, the PAID-age gauge's refresh, and
 * the saga's operations console (dead letters of every saga topic, for ADMINs).
 */
export const buildApp = async (deps: OrderAppDeps): Promise<ServiceApp> => {
  const { config, logger } = deps;
  const registry = createRegistry('order-service');
  const breakers = circuitBreakers({ registry, ...config.breakers });
  const outbox = cassandraOutbox(deps.cassandra, {
    sweepIntervalMs: config.kafka.outboxSafetyPollMs,
  });
  const events = await connectServiceKafka({
    config: config.kafka,
    clientId: 'order-service',
    logger,
    outbox,
    registry,
  });
  const token = serviceTokenProvider({
    accountServiceUrl: config.auth.accountServiceUrl,
    ...config.serviceCredentials,
    breakers,
  });
  // Started below, once the repository it sweeps exists; told of each new order's deadline.
  let deadlines: DueSweeper | undefined;
  const orderDeps: OrderDeps = {
    // The repository wakes the relay after each write with events: they are published at once.
    orders: createOrderRepository(deps.cassandra, outbox, events.wakeOutbox, (expiresAt) =>
      deadlines?.dueAt(expiresAt),
    ),
    idempotency: createIdempotencyRepository(deps.cassandra),
    inventory: createItemClient(config.itemServiceUrl, token, breakers),
    now: deps.now ?? (() => new Date()),
    paymentDeadlineSeconds: config.paymentDeadlineSeconds,
  };

  const app = await createServiceApp({
    service: 'order-service',
    corsOrigins: config.cors,
    description: 'Orders and their state machine',
    logger,
    readiness: {
      cassandra: async () =>
        await deps.cassandra.execute('SELECT release_version FROM system.local'),
      kafka: events.ready,
    },
    registry,
    breakers,
    pressure: config.pressure,
    auth: { ...config.auth, resolveKey: deps.resolveKey },
  });
  await app.register(orderRoutes, { deps: orderDeps });
  await app.register(operationRoutes, {
    deps: orderDeps,
    deadLetters: deadLetterDesk({
      kafka: events.kafka,
      topicNamespace: config.kafka.topicNamespace,
    }),
  });

  const consumer =
    deps.background?.consumer === false
      ? undefined
      : await events.consume(
          ORDER_TOPICS,
          orderSagaHandler({ ...orderDeps, logger, sagaMetrics: sagaMetrics(registry) }),
        );
  deadlines =
    deps.background?.sweeper === false
      ? undefined
      : startDeadlineSweeper(orderDeps, { intervalMs: config.deadlineSweepIntervalMs, logger });
  const setOldestPaidAt = paidAgeGauge(registry, orderDeps.now);
  const paidAge =
    deps.background?.paidAge === false
      ? undefined
      : startPaidAgeRefresh(orderDeps.orders, {
          intervalMs: config.paidAgeRefreshMs,
          now: orderDeps.now,
          logger,
          onRefresh: setOldestPaidAt,
        });
  stopOnClose(app, events, deadlines, paidAge, consumer);
  return app;
};
