import { runMain } from '@shop/platform';
import { gatewayClient } from './api.js';
import { loadDemoConfig } from './config.js';
import { seedShop } from './seed-catalog.js';

runMain(async () => {
  const config = loadDemoConfig();
  await seedShop(gatewayClient(config.gatewayUrl), config, (line) => {
    process.stdout.write(`[seed] ${line}\n`);
  });
  process.stdout.write(`[seed] done: open ${config.gatewayUrl}\n`);
});
