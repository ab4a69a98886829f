import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './config.js';
import type { Fixtures } from './fixtures.js';
import type { Http } from './http.js';
import { closedLoop, openLoop } from './load.js';
import type { Summary } from './stats.js';

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
}

/** a. catalog reads direct and through the gateway, beside a bare Fastify in the same run. */
export const benchCatalog = async (http: Http, config: BenchConfig, fixtures: Fixtures) => {
  const hello = await startHello();
  const itemPath = () =>
    `/api/v1/items/${fixtures.itemIds[Math.floor(Math.random() * fixtures.itemIds.length)]}`;
  const targets: [string, () => string][] = [
    ['bare Fastify hello-world', () => `${hello.url}/hello`],
    ['GET /items/{id} direct', () => `${config.urls.item}${itemPath()}`],
    ['GET /items/{id} via gateway', () => `${config.urls.gateway}${itemPath()}`],
    ['GET /items?limit=20 direct', () => `${config.urls.item}/api/v1/items?limit=20`],
    ['GET /items?limit=20 via gateway', () => `${config.urls.gateway}/api/v1/items?limit=20`],
  ];
  const rows: CatalogRow[] = [];
  try {
    for (const [target, url] of targets) {
      const max = await closedLoop(64, 10, async () => await http.call('GET', url()));
      const at500 = await openLoop(500, config.seconds, async () => await http.call('GET', url()));
      rows.push({ target, max, at500 });
    }
  } finally {
    hello.stop();
  }
  return rows;
};
