import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';
import { buildApp } from './app.js';
import { loadCartConfig } from './config.js';

runMain(async () => {
  const config = loadCartConfig();
  const tracing = startTracing('cart-service', config.tracing);
  const logger = createLogger({ service: 'cart-service', level: config.logLevel });
  const pool = createMysqlPool({ ...config.mysql, connectionLimit: 20 });
  const app = await buildApp({ config, logger, pool });
  app.addHook('onClose', async () => await pool.end());
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
