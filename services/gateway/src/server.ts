import { createLogger, runMain, serve } from '@shop/platform';
import { buildApp } from './app.js';
import { loadGatewayConfig } from './config.js';

runMain(async () => {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const app = await buildApp({ config, logger });
  await serve(app, config.http);
});
