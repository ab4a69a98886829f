import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { buildApp } from './app.js';
import { loadOrderConfig } from './config.js';
import { openOrderStore } from './data/cassandra.js';

runMain(async () => {
  const config = loadOrderConfig();
  const tracing = startTracing('order-service', config.tracing);
  const logger = createLogger({ service: 'order-service', level: config.logLevel });
  const cassandra = await openOrderStore(config.cassandra);
  const app = await buildApp({ config, logger, cassandra });
  app.addHook('onClose', async () => await cassandra.shutdown());
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
