import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './config.js';
import type { Fixtures } from './fixtures.js';
import type { Http } from './http.js';
import { closedLoop, openLoop } from './load.js';
import type { Summary } from './stats.js';
import { medianRound, type WrkResult, wrkMax } from './wrk.js';

/** The bare Fastify baseline in its own process; resolves with its URL and a stop function. */
const startHello = async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./hello.ts', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill() };
};

export interface CatalogRow {
  target: string;
  /** Closed loop, 64 connections: the most it served per second. */
  max: Summary;
  /** Open loop at 500 requests per second. */
  at500: Summary;
  /**
   * The most it served with wrk as the client, the median of three rounds run in turn with the
   * other targets' (absent when wrk could not be provisioned).
   */
  wrk?: WrkResult;
}

const pick = (paths: string[]) => paths[Math.floor(Math.random() * paths.length)] ?? '/';

/** a. catalog reads direct and through the gateway, beside a bare Fastify in the same run. */
export const benchCatalog = async (http: Http, config: BenchConfig, fixtures: Fixtures) => {
  const hello = await startHello();
  const itemPaths = fixtures.itemIds.map((id) => `/api/v1/items/${id}`);
  const listPaths = ['/api/v1/items?limit=20'];
  const targets: [string, string, string[]][] = [
    ['bare Fastify hello-world', hello.url, ['/hello']],
    ['GET /items/{id} direct', config.urls.item, itemPaths],
    ['GET /items/{id} via gateway', config.urls.gateway, itemPaths],
    ['GET /items?limit=20 direct', config.urls.item, listPaths],
    ['GET /items?limit=20 via gateway', config.urls.gateway, listPaths],
  ];
  const rows: CatalogRow[] = [];
  try {
    for (const [target, origin, paths] of targets) {
      const url = () => `${origin}${pick(paths)}`;
      const max = await closedLoop(64, 10, async () => await http.call('GET', url()));
      const at500 = await openLoop(500, config.seconds, async () => await http.call('GET', url()));
      rows.push({ target, max, at500 });
    }
    if (config.wrk) {
      const wrk = await wrkInRounds(config.wrk, targets);
      for (const row of rows) Object.assign(row, { wrk: wrk.get(row.target) });
    }
  } finally {
    hello.stop();
  }
  return rows;
};

/** wrk's rounds: every target once per round, so each ratio compares rounds run side by side. */
const WRK_ROUNDS = 3;

/** The most each target serves with wrk: the median of its rounds (`medianRound`). */
const wrkInRounds = async (wrk: string, targets: [string, string, string[]][]) => {
  const results = new Map<string, WrkResult[]>();
  for (let round = 0; round < WRK_ROUNDS; round += 1)
    for (const [target, origin, paths] of targets)
      results.set(target, [...(results.get(target) ?? []), await wrkMax(wrk, origin, paths, 10)]);
  return new Map([...results].map(([target, rounds]) => [target, medianRound(rounds)]));
};
