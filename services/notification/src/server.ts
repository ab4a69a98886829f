import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { createMongoClient } from '@shop/platform/mongo';
import { buildApp } from './app.js';
import { loadNotificationConfig } from './config.js';

runMain(async () => {
  const config = loadNotificationConfig();
  const tracing = startTracing('notification-service', config.tracing);
  const logger = createLogger({ service: 'notification-service', level: config.logLevel });
  const mongo = createMongoClient(config.mongo.url, 20);
  await mongo.connect();
  const app = await buildApp({ config, logger, db: mongo.db(config.mongo.database) });
  app.addHook('onClose', async () => await mongo.close());
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
