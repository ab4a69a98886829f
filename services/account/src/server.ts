import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';
import { buildApp } from './app.js';
import { loadAccountConfig } from './config.js';

runMain(async () => {
  const config = loadAccountConfig();
  const tracing = startTracing('account-service', config.tracing);
  const logger = createLogger({ service: 'account-service', level: config.logLevel });
  const signingKey = createPrivateKey(await readFile(config.tokens.privateKeyFile));
  const pool = createMysqlPool(config.mysql);
  const app = await buildApp({ config, logger, pool, signingKey });
  app.addHook('onClose', async () => await pool.end());
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
