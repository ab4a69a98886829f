import { createLogger, runMain, serve, startTracing } from '@shop/platform';
import { buildApp } from './app.js';
import { loadGatewayConfig } from './config.js';

runMain(async () => {
  const config = loadGatewayConfig();
  const tracing = startTracing('gateway', config.tracing);
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  const app = await buildApp({ config, logger });
  // Flushes the buffered spans (consumers and relay have stopped in preClose by then).
  app.addHook('onClose', async () => await tracing.stop());
  await serve(app, config.http);
});
