import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type ServiceApp } from '@shop/platform';
import { type AccountStub, closedPortUrl, startAccountStub } from '@shop/testing';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type GatewayAppDeps } from '../src/app.js';
import { type GatewayConfig, loadGatewayConfig } from '../src/config.js';
import { type ServiceStub, startItemStub, startNotificationStub } from './stubs.js';

export interface GatewayHarness {
  app: ServiceApp;
  /** What `app` was built with. */
  config: GatewayConfig;
  /** account-service: the JWKS the gateway reads callers with, tokens, accounts. */
  accounts: AccountStub;
  /** item-service's catalog routes, recording what reached them. */
  items: ServiceStub;
  notifications: ServiceStub;
  adminToken: string;
  /** Another gateway over the same services, configured differently. */
  gatewayWith(
    overrides: Partial<GatewayConfig>,
    deps?: Pick<GatewayAppDeps, 'resolveKey'>,
  ): Promise<ServiceApp>;
}

/** A storefront build as Vite lays it out: index.html and hashed assets. */
const fakeStorefront = async () => {
  const directory = await mkdtemp(join(tmpdir(), 'storefront-'));
  await mkdir(join(directory, 'assets'));
  await writeFile(
    join(directory, 'index.html'),
    '<!doctype html><title>Shop</title><div id="root"></div>',
  );
  await writeFile(join(directory, 'assets', 'index-1a2b3c.js'), 'console.log("shop")');
  return directory;
};

/**
 * The gateway alone, in front of contract-checked stubs of account-, item- and
 * notification-service (over real HTTP); the other services' addresses are closed ports, to
 * see how the gateway answers for them.
 */
export const useGateway = () => {
  const harness = {} as GatewayHarness;
  let storefront = '';

  beforeAll(async () => {
    const accounts = await startAccountStub();
    const items = await startItemStub();
    const notifications = await startNotificationStub();
    const down = await closedPortUrl();
    storefront = await fakeStorefront();
    const config = loadGatewayConfig({
      ...process.env,
      ACCOUNT_SERVICE_URL: accounts.url,
      ITEM_SERVICE_URL: items.url,
      ORDER_SERVICE_URL: down,
      PAYMENT_SERVICE_URL: down,
      CART_SERVICE_URL: down,
      NOTIFICATION_SERVICE_URL: notifications.url,
      STOREFRONT_DIR: storefront,
    });
    const logger = createLogger({ service: 'gateway', level: 'warn' });
    Object.assign(harness, {
      app: await buildApp({ config, logger }),
      config,
      accounts,
      items,
      notifications,
      adminToken: accounts.admin().token,
      gatewayWith: async (overrides, deps = {}) =>
        await buildApp({ config: { ...config, ...overrides }, logger, ...deps }),
    } satisfies GatewayHarness);
  }, 60_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.items?.close();
    await harness.notifications?.close();
    await harness.accounts?.close();
    if (storefront) await rm(storefront, { recursive: true, force: true });
  });

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
