import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jsonCall } from '@shop/platform/http';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Engines another checkout started (E2E_EXTERNAL_ENGINES=1): this one's scripts would not
 * recognise them as theirs and try to start their own, so the engines are left alone.
 */
export const externalEngines = () => process.env.E2E_EXTERNAL_ENGINES === '1';

/**
 * Starts the engines and every service the way `make up` does: separate processes, each with its
 * pid file and log under .data; whatever already runs is kept.
 */
export const startServices = () => {
  const targets = externalEngines() ? ['services-up'] : ['infra-up', 'services-up'];
  execFileSync('make', targets, { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
};

/** Where the tests reach each service. */
export type ServiceUrls = Record<
  'account' | 'item' | 'order' | 'payment' | 'cart' | 'notification',
  string
>;

/** Every service directly, on its own port. */
export const URLS: ServiceUrls = {
  account: 'http://127.0.0.1:8084',
  item: 'http://127.0.0.1:8081',
  order: 'http://127.0.0.1:8082',
  payment: 'http://127.0.0.1:8083',
  cart: 'http://127.0.0.1:8085',
  notification: 'http://127.0.0.1:8086',
};

export const GATEWAY_URL = 'http://127.0.0.1:8080';

/** Every service through the gateway, as the storefront reaches them (same paths). */
export const THROUGH_GATEWAY: ServiceUrls = {
  account: GATEWAY_URL,
  item: GATEWAY_URL,
  order: GATEWAY_URL,
  payment: GATEWAY_URL,
  cart: GATEWAY_URL,
  notification: GATEWAY_URL,
};

export type { ApiResponse } from '@shop/platform/http';

/** A JSON call to a service over real HTTP. */
export const call = jsonCall;
