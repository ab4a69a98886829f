import { randomUpc } from '@shop/testing';
import type { BenchConfig } from './config.js';
import type { Http } from './http.js';

export interface Fixtures {
  itemIds: string[];
  /**
   * Items only part b orders. Its orders are never paid, so their holds stay until they expire
   * (20 min): on the items the saga uses, those reservations would slow every later part.
   */
  unpaidItemIds: string[];
  /** Bearer tokens of the bench's customers (orders are spread over them). */
  tokens: string[];
  /** The ADMIN's bearer token (part l creates items with it). */
  adminToken: string;
}

const login = async (http: Http, config: BenchConfig, email: string, password: string) =>
  (
    await http.call<{ accessToken: string }>('POST', `${config.urls.account}/api/v1/auth/login`, {
      body: { email, password },
      expect: 200,
    })
  ).accessToken;

/** Items with stock no run can exhaust, and customers, all new: a bench never reuses data. */
export const createFixtures = async (http: Http, config: BenchConfig): Promise<Fixtures> => {
  const admin = await login(http, config, config.admin.email, config.admin.password);
  // The bench's items name this category: it must exist (409: an earlier run made it; 404: a
  // BENCH_BASELINE commit from before categories were managed, which takes any category).
  await http.call('POST', `${config.urls.item}/api/v1/categories`, {
    headers: { authorization: `Bearer ${admin}` },
    body: { slug: 'bench', name: 'Bench' },
    expect: [201, 404, 409],
  });
  const itemIds: string[] = [];
  for (let index = 0; index < 40; index += 1) {
    const item = await http.call<{ id: string }>('POST', `${config.urls.item}/api/v1/items`, {
      headers: { authorization: `Bearer ${admin}` },
      body: {
        upc: randomUpc(),
        name: `Bench item ${index}`,
        unitPrice: 1_000 + index,
        category: 'bench',
        initialStock: 1_000_000,
      },
    });
    itemIds.push(item.id);
  }
  const tokens: string[] = [];
  for (let index = 0; index < 20; index += 1) {
    const email = `bench-${crypto.randomUUID()}@bench.example`;
    const password = 'a bench password';
    await http.call('POST', `${config.urls.account}/api/v1/accounts`, {
      body: { email, password, name: 'Bench Customer' },
    });
    tokens.push(`Bearer ${await login(http, config, email, password)}`);
  }
  return {
    itemIds: itemIds.slice(0, 20),
    unpaidItemIds: itemIds.slice(20),
    tokens,
    adminToken: `Bearer ${admin}`,
  };
};
