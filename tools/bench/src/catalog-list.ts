import { randomUpc } from '@shop/testing';
import type { BenchConfig } from './config.js';
import type { Http } from './http.js';
import { openLoop } from './load.js';
import type { Summary } from './stats.js';

/** Where the filler items live: its count in GET /categories says how many exist already. */
const FILLER_CATEGORY = 'bench-catalog';
const CREATING_IN_PARALLEL = 16;
/**
 * Requests sent and not counted before each measurement: the first reads of a cold process (JIT,
 * an empty list cache, the engine's first scan) are not what a shop serving 200/s sees.
 */
const WARM_UP_SECONDS = 2;

export interface ListRun {
  target: string;
  rate: number;
  items: number;
  latency: Summary;
}

const countFillers = async (http: Http, config: BenchConfig) => {
  const tree = await http.call<{ categories: { slug: string; count: number }[] }>(
    'GET',
    `${config.urls.item}/api/v1/categories`,
  );
  return tree.categories.find((category) => category.slug === FILLER_CATEGORY)?.count ?? 0;
};

/** Creates filler items until the catalog holds at least `wanted` of them (kept for next runs). */
const fillCatalog = async (http: Http, config: BenchConfig, admin: string, wanted: number) => {
  const headers = { authorization: admin };
  await http.call('POST', `${config.urls.item}/api/v1/categories`, {
    headers,
    body: { slug: FILLER_CATEGORY, name: 'Bench catalog' },
    expect: [201, 409],
  });
  let missing = wanted - (await countFillers(http, config));
  const createOne = async () => {
    while (missing > 0) {
      missing -= 1;
      await http.call('POST', `${config.urls.item}/api/v1/items`, {
        headers,
        body: {
          upc: randomUpc(),
          name: `Catalog filler ${crypto.randomUUID().slice(0, 8)}`,
          unitPrice: 500 + Math.floor(Math.random() * 50_000),
          category: FILLER_CATEGORY,
          initialStock: 10,
        },
      });
    }
  };
  await Promise.all(Array.from({ length: CREATING_IN_PARALLEL }, createOne));
  return await countFillers(http, config);
};

/**
 * l. `GET /items?limit=20` (the newest first page) at `BENCH_LIST_RATE` with the catalog filled
 * to `BENCH_CATALOG_ITEMS` items, direct and through the gateway: the list must not slow down
 * as the catalog grows. Measured once the stack handled what filling the catalog caused
 * (`settle`) and after a short warm-up.
 */
export const benchLargeCatalogList = async (
  http: Http,
  config: BenchConfig,
  admin: string,
  settle: () => Promise<void>,
): Promise<ListRun[]> => {
  const items = await fillCatalog(http, config, admin, config.list.items);
  await settle();
  const runs: ListRun[] = [];
  for (const [target, origin] of [
    ['GET /items?limit=20 direct', config.urls.item],
    ['GET /items?limit=20 via gateway', config.urls.gateway],
  ] as const) {
    const firstPage = async () => await http.call('GET', `${origin}/api/v1/items?limit=20`);
    await openLoop(config.list.rate, WARM_UP_SECONDS, firstPage);
    const latency = await openLoop(config.list.rate, config.seconds, firstPage);
    runs.push({ target, rate: config.list.rate, items, latency });
  }
  return runs;
};
