import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';
import { buildApp } from './app.js';
import { loadAccountConfig } from './config.js';
import { loadSigningKeys } from './security/signing-keys.js';

runMain(async () => {
  const config = loadAccountConfig();
  const tracing = startTracing('account-service', config.tracing);
  const logger = createLogger({ service: 'account-service', level: config.logLevel });
  const { signingKey, otherKeys } = await loadSigningKeys(config.tokens);
  const pool = createMysqlPool(config.mysql);
  const app = await buildApp({ config, logger, pool, signingKey, otherKeys });
  app.addHook('onClose', async () => await pool.end());
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
