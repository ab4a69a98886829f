import { runMain } from '@shop/platform';
import { loadBenchConfig } from './config.js';
import { waitForSettled } from './settle.js';

/**
 * settle-cli.ts: waits until the running services have handled every saga event on Kafka.
 * infra/bench.sh calls it before it restarts the services on the bench's stores: consumer groups
 * and topics are shared, so a backlog left unhandled would be handled there, against stores
 * that know nothing of its orders, and never by the stack it belongs to.
 */
runMain(async () => {
  const seconds = await waitForSettled(loadBenchConfig().brokers);
  if (seconds > 0) process.stdout.write(`[bench] waited ${seconds} s for the services' backlog\n`);
});
