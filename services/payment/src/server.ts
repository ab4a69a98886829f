import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { buildApp } from './app.js';
import { loadPaymentConfig } from './config.js';
import { createPaymentPool } from './data/pool.js';

runMain(async () => {
  const config = loadPaymentConfig();
  const tracing = startTracing('payment-service', config.tracing);
  const logger = createLogger({ service: 'payment-service', level: config.logLevel });
  const pool = createPaymentPool(config.mysql, 20);
  const app = await buildApp({ config, logger, pool });
  app.addHook('onClose', async () => await pool.end());
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
