import { ALL_TOPICS, dlqTopic } from '@shop/contracts';
import { eventually, type KafkaTap, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAudit } from '../../src/clean-audit.js';
import { type Engine, restartEverything, startEngine, stopEngine } from '../../src/faults.js';
import { settle, shop } from '../../src/load.js';
import { admin } from '../../src/shopper.js';
import { URLS } from '../../src/stack.js';
import { openStores, type Stores } from '../../src/stores.js';

/**
 * Journey 12 (docs/contract/invariants.md#journeys): each store taken away for a minute in the
 * middle of a mixed load.
 * Consumers retry what the outage makes fail for as long as it lasts (never dead-lettering it),
 * readiness says which service lost its store, and once the store is back every saga finishes.
 */
const OUTAGE_MS = 60_000;
// Calls keep being retried (every 0.5 s) for longer than the outage, like a patient client.
const PATIENCE = Math.ceil((OUTAGE_MS + 30_000) / 500);

let stores: Stores;
let shopAdmin: Awaited<ReturnType<typeof admin>>;
let deadLetters: KafkaTap;

beforeAll(async () => {
  shopAdmin = await admin();
  stores = await openStores();
  deadLetters = await tapKafka(
    (process.env.KAFKA_BROKERS ?? '').split(','),
    ALL_TOPICS.map((topic) => dlqTopic(topic)),
  );
});
afterAll(async () => {
  await restartEverything();
  await deadLetters?.close();
  await stores?.close();
});

const ready = async (url: string) =>
  (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).catch(() => null))
    ?.status;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes `engine` away for a minute once the load is under way; checks readiness meanwhile. */
const outage = async (engine: Engine, owners: string[]) => {
  stopEngine(engine);
  await sleep(5_000);
  for (const url of owners) expect(await ready(url)).toBe(503);
  await sleep(OUTAGE_MS - 5_000);
  startEngine(engine);
  // Readiness comes back by itself: nothing restarts the services.
  for (const url of owners)
    await eventually(async () => (await ready(url)) === 200, {
      timeoutMs: 60_000,
      what: `${url} ready again`,
    });
};

const mixedLoadWithOutage = async (engine: Engine, owners: string[]) => {
  const itemIds = await Promise.all([shopAdmin.createItem(30), shopAdmin.createItem(30)]);
  let injected: Promise<void> | undefined;
  const report = await shop(
    { customers: 6, ordersEach: 6, itemIds, seed: engine.length, patience: PATIENCE },
    (created) => {
      if (created >= 6 && !injected) injected = outage(engine, owners);
    },
  ).finally(async () => await injected);
  const { completed, cancelled } = await settle(report.created, 300_000);
  expect(completed + cancelled).toBe(report.created.length);
  expect(await settledAudit(stores)).toEqual([]);
  expect(deadLetters.messages).toEqual([]);
  process.stdout.write(
    `${engine} down ${OUTAGE_MS / 1000} s: ${report.created.length} orders, ${completed} completed, ${cancelled} cancelled, ${report.declinedPayments} declined, 0 dead letters, audit clean\n`,
  );
};

describe('a store down for a minute in the middle of a mixed load', () => {
  it('when MariaDB (payments, carts, accounts) is stopped for 60 s, then every saga finishes, nothing is dead-lettered and the audit is clean', async () => {
    await mixedLoadWithOutage('mariadb', [URLS.payment, URLS.cart, URLS.account]);
  });

  it('when Cassandra (orders) is stopped for 60 s, then every saga finishes, nothing is dead-lettered and the audit is clean', async () => {
    await mixedLoadWithOutage('cassandra', [URLS.order]);
  });

  it('when the MongoDB engine (items, holds, notifications) is stopped for 60 s, then every saga finishes, nothing is dead-lettered and the audit is clean', async () => {
    await mixedLoadWithOutage('mongo', [URLS.item, URLS.notification]);
  });
});
