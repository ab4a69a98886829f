import { createLogger, runMain, serve } from '@shop/platform';
import { buildApp } from './app.js';
import { loadOrderConfig } from './config.js';
import { openOrderStore } from './data/cassandra.js';

runMain(async () => {
  const config = loadOrderConfig();
  const logger = createLogger({ service: 'order-service', level: config.logLevel });
  const cassandra = await openOrderStore(config.cassandra);
  const app = await buildApp({ config, logger, cassandra });
  app.addHook('onClose', async () => await cassandra.shutdown());
  await serve(app, config.http);
});
