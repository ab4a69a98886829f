import { runMain } from '@shop/platform';
import { gatewayClient } from './api.js';
import { loadDemoConfig } from './config.js';
import { runDemoJourney } from './journey.js';

runMain(async () => {
  const config = loadDemoConfig();
  await runDemoJourney(gatewayClient(config.gatewayUrl), config, (line) => {
    process.stdout.write(`[demo] ${line}\n`);
  });
});
