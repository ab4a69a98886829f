import {
  circuitBreakers,
  createRegistry,
  createServiceApp,
  type KeyResolver,
  type ServiceApp,
  type ServiceLogger,
  stopOnClose,
} from '@shop/platform';
import { connectServiceKafka } from '@shop/platform/kafka';
import { migrate, mysqlReady } from '@shop/platform/mysql';
import type { Pool } from 'mysql2/promise';
import { createCatalogClient } from './clients/catalog-client.js';
import { createOrderClient } from './clients/order-client.js';
import type { CartConfig } from './config.js';
import { CART_TOPICS, cartSagaHandler } from './consumers/saga-events.js';
import { createCartRepository } from './data/cart-repository.js';
import { migrations } from './data/migrations.js';
import type { CartDeps } from './domain/ports.js';
import { startCartRetention } from './jobs/retention.js';
import { cartRoutes } from './routes/cart.js';

export interface CartAppDeps {
  config: CartConfig;
  logger: ServiceLogger;
  pool: Pool;
  now?: () => Date;
  resolveKey?: KeyResolver;
  background?: { consumer?: boolean; retention?: boolean };
}

/**
 * cart-service: the customer's cart over HTTP (priced live from item-service, checked out through
 * order-service) and the OrderCompleted consumer that takes bought lines out of the cart.
 */
export const buildApp = async (deps: CartAppDeps): Promise<ServiceApp> => {
  const { config, logger, pool } = deps;
  await migrate(pool, migrations);
  const registry = createRegistry('cart-service');
  const breakers = circuitBreakers({ registry, ...config.breakers });
  const events = await connectServiceKafka({
    config: config.kafka,
    clientId: 'cart-service',
    logger,
    registry,
  });
  const cartDeps: CartDeps = {
    carts: createCartRepository(pool),
    catalog: createCatalogClient(config.itemServiceUrl, breakers),
    orders: createOrderClient(config.orderServiceUrl, breakers),
    now: deps.now ?? (() => new Date()),
  };

  const app = await createServiceApp({
    service: 'cart-service',
    corsOrigins: config.cors,
    description: 'One cart per customer, priced live, checked out into an order',
    logger,
    readiness: { mysql: mysqlReady(pool), kafka: events.ready },
    registry,
    breakers,
    pressure: config.pressure,
    auth: { ...config.auth, resolveKey: deps.resolveKey },
  });
  await app.register(cartRoutes, { deps: cartDeps });

  const consumer =
    deps.background?.consumer === false
      ? undefined
      : await events.consume(CART_TOPICS, cartSagaHandler(cartDeps));
  const retention =
    deps.background?.retention === false
      ? undefined
      : startCartRetention(
          pool,
          { ...config.retention, eventHours: config.eventRetentionHours },
          logger,
          cartDeps.now,
        );
  stopOnClose(app, events, consumer, retention);
  return app;
};
