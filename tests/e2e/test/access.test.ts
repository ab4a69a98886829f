import { eventually } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiOperation,
  admits,
  concretePath,
  JUNK_BODY,
  type OpenApiPaths,
  operationsOf,
} from '../src/api-operations.js';
import { newShopper, type Shopper } from '../src/shopper.js';
import { type ApiResponse, call, GATEWAY_URL, type ServiceUrls, URLS } from '../src/stack.js';

type ServiceKey = keyof ServiceUrls;

/**
 * The routes anyone may call (docs/contract/services.md): registration, login, refresh, logout,
 * the client-credentials grant, the JWKS and the token revocation list (accounts named by a
 * hash), password reset and email verification (the emailed token is the credential), and
 * reading the catalog. Health, metrics and the docs are hidden from the documents. Anything
 * else new and public fails here.
 */
const EXPECTED_PUBLIC: Record<ServiceKey, string[]> = {
  account: [
    'GET /.well-known/jwks.json',
    'GET /api/v1/auth/revocations',
    'POST /api/v1/accounts',
    'POST /api/v1/auth/login',
    'POST /api/v1/auth/logout',
    'POST /api/v1/auth/password-reset',
    'POST /api/v1/auth/password-reset/confirm',
    'POST /api/v1/auth/refresh',
    'POST /api/v1/auth/token',
    'POST /api/v1/auth/verify-email',
  ],
  item: [
    'GET /api/v1/categories',
    'GET /api/v1/items',
    'GET /api/v1/items/by-upc',
    'GET /api/v1/items/upc/{upc}',
    'GET /api/v1/items/{id}',
    'GET /api/v1/items/{id}/availability',
  ],
  order: [],
  payment: [],
  cart: [],
  // The stream's single-use ticket is its credential (EventSource sends no Authorization).
  notification: ['GET /api/v1/notifications/stream'],
};

/**
 * The routes a customer may never call (docs/contract/services.md): catalog, category and stock
 * writes (ADMIN), holds (order-service only), ship and deliver (ADMIN), refunds (ADMIN), payment
 * attempts (payment-service only), the dead-letter console and stuck orders (operators), and the
 * account search (ADMIN).
 */
const EXPECTED_NOT_FOR_CUSTOMERS: Record<ServiceKey, string[]> = {
  account: ['GET /api/v1/accounts'],
  item: [
    'DELETE /api/v1/categories/{slug}',
    'DELETE /api/v1/inventory/holds/{orderId}',
    'DELETE /api/v1/items/{id}',
    'GET /api/v1/inventory/holds/{orderId}',
    'POST /api/v1/categories',
    'POST /api/v1/inventory/holds',
    'POST /api/v1/items',
    'POST /api/v1/items/{id}/inventory/adjustments',
    'PUT /api/v1/categories/{slug}',
    'PUT /api/v1/inventory/holds/{orderId}',
    'PUT /api/v1/items/{id}',
  ],
  order: [
    'GET /api/v1/operations/dead-letters',
    'GET /api/v1/operations/stuck-orders',
    'POST /api/v1/operations/dead-letters/replay',
    'POST /api/v1/orders/{id}/deliver',
    'POST /api/v1/orders/{id}/payment-attempts',
    'POST /api/v1/orders/{id}/ship',
  ],
  payment: ['POST /api/v1/payments/{id}/refunds'],
  cart: [],
  notification: [],
};

const SERVICES = Object.keys(URLS) as ServiceKey[];
/** Names in the order `operationsOf` lists them. */
const sorted = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));
const operations = {} as Record<ServiceKey, ApiOperation[]>;

/** The operation called as documented: path params random UUIDs, a junk body where one goes. */
const callOperation = async (
  base: string,
  operation: ApiOperation,
  token?: string,
): Promise<ApiResponse> =>
  await call(`${base}${concretePath(operation.path)}`, operation.method, {
    ...(token ? { token } : {}),
    ...(operation.hasBody ? { body: JUNK_BODY } : {}),
  });

/** `NAME → status` for every operation, so a failure names each route that answered wrongly. */
const statusesOf = async (base: string, list: ApiOperation[], token?: string) => {
  const statuses: Record<string, number> = {};
  // One at a time: the gateway's rate limit and login throttling see an ordinary client.
  for (const operation of list) {
    statuses[operation.name] = (await callOperation(base, operation, token)).status;
  }
  return statuses;
};

const expectEvery = (statuses: Record<string, number>, expected: (name: string) => boolean) =>
  Object.fromEntries(Object.entries(statuses).filter(([name]) => !expected(name)));

let shopper: Shopper;
let notificationServiceToken: string;

beforeAll(async () => {
  for (const service of SERVICES) {
    const document = await call<OpenApiPaths>(`${URLS[service]}/docs/json`, 'GET');
    expect(document.status, `${service} serves /docs/json`).toBe(200);
    operations[service] = operationsOf(document.body);
  }
  shopper = await newShopper();
  const secret = process.env.NOTIFICATION_CLIENT_SECRET;
  if (!secret) throw new Error('NOTIFICATION_CLIENT_SECRET is not set (.env)');
  const granted = await call<{ accessToken: string }>(`${URLS.account}/api/v1/auth/token`, 'POST', {
    body: {
      grantType: 'client_credentials',
      clientId: 'notification-service',
      clientSecret: secret,
    },
  });
  expect(granted.status).toBe(200);
  notificationServiceToken = granted.body.accessToken;
});

describe('who may call what, over every operation of every OpenAPI document', () => {
  it('when the documents are read, then every operation declares who may call it', () => {
    for (const service of SERVICES) {
      expect(operations[service].length, `${service} has operations`).toBeGreaterThan(0);
      const undeclared = operations[service].filter((operation) => !operation.access);
      expect(undeclared.map((operation) => operation.name)).toEqual([]);
    }
  });

  it('when the public operations are listed, then they are exactly those the contract makes public', () => {
    for (const service of SERVICES) {
      const open = operations[service].filter((operation) => operation.access === 'public');
      expect(
        open.map((operation) => operation.name),
        service,
      ).toEqual(sorted(EXPECTED_PUBLIC[service]));
    }
  });

  it('when the operations closed to customers are listed, then they are exactly the ADMIN and SERVICE ones of the contract', () => {
    for (const service of SERVICES) {
      const closed = operations[service].filter(
        (operation) => operation.access !== 'public' && !admits(operation.access, 'CUSTOMER'),
      );
      expect(
        closed.map((operation) => operation.name),
        service,
      ).toEqual(sorted(EXPECTED_NOT_FOR_CUSTOMERS[service]));
    }
  });

  it.each(SERVICES)(
    'when %s is called anonymously with junk bodies, then 401 on every non-public operation, and public ones never 401/403/5xx',
    async (service) => {
      const list = operations[service];
      const statuses = await statusesOf(URLS[service], list);
      const isPublic = new Set(list.filter((op) => op.access === 'public').map((op) => op.name));
      const wrong = expectEvery(statuses, (name) =>
        isPublic.has(name)
          ? ![401, 403].includes(statuses[name] ?? 0) && (statuses[name] ?? 500) < 500
          : statuses[name] === 401,
      );
      expect(wrong).toEqual({});
    },
  );

  it.each(SERVICES)(
    'when %s is called by a customer with junk bodies, then 403 on every ADMIN or SERVICE operation, and never 401/403/5xx on the others',
    async (service) => {
      const list = operations[service];
      // A customer of its own: the walk calls logout-all too, which revokes the caller's tokens.
      const customer = await newShopper();
      const statuses = await statusesOf(URLS[service], list, customer.token);
      const allowed = new Set(
        list.filter((op) => admits(op.access, 'CUSTOMER')).map((op) => op.name),
      );
      const wrong = expectEvery(statuses, (name) =>
        allowed.has(name)
          ? ![401, 403].includes(statuses[name] ?? 0) && (statuses[name] ?? 500) < 500
          : statuses[name] === 403,
      );
      expect(wrong).toEqual({});
    },
  );

  it.each(SERVICES)(
    "when %s is called with notification-service's SERVICE token, then 403 everywhere but the account read it makes",
    async (service) => {
      const list = operations[service];
      const statuses = await statusesOf(URLS[service], list, notificationServiceToken);
      const allowed = new Set(
        list
          .filter((op) => admits(op.access, 'SERVICE', 'notification-service'))
          .map((op) => op.name),
      );
      const wrong = expectEvery(statuses, (name) =>
        allowed.has(name)
          ? ![401, 403].includes(statuses[name] ?? 0) && (statuses[name] ?? 500) < 500
          : statuses[name] === 403,
      );
      expect(wrong).toEqual({});
      if (service === 'account') {
        // The one it makes: an account by id (random here, so not found).
        expect(statuses['GET /api/v1/accounts/{id}']).toBe(404);
      }
    },
  );

  it('when the gateway is called anonymously with junk bodies, then every non-public operation of its merged document is 401 there too', async () => {
    // The gateway serves the merged document it holds and refreshes a stale one behind it (a
    // service it could not reach at start-up shows up on a later read), so read until whole.
    const list = await eventually(
      async () => {
        const merged = await call<OpenApiPaths>(`${GATEWAY_URL}/docs/json`, 'GET');
        const found = merged.status === 200 ? operationsOf(merged.body) : [];
        const names = new Set(found.map((op) => op.name));
        const whole = SERVICES.every((service) =>
          operations[service].some((operation) => names.has(operation.name)),
        );
        return whole ? found : undefined;
      },
      { timeoutMs: 60_000, what: "the gateway's merged document to hold every service" },
    );
    const direct = SERVICES.flatMap((service) => operations[service].map((op) => op.name));
    // The gateway exposes a subset (no holds), each operation with the access its service declares.
    expect(list.filter((op) => !direct.includes(op.name))).toEqual([]);
    const statuses = await statusesOf(GATEWAY_URL, list);
    const wrong = expectEvery(statuses, (name) => {
      const operation = list.find((op) => op.name === name);
      return operation?.access === 'public'
        ? ![401, 403].includes(statuses[name] ?? 0) && (statuses[name] ?? 500) < 500
        : statuses[name] === 401;
    });
    expect(wrong).toEqual({});
  });

  it("when a customer asks for another user's notifications, then 404, as for any other user's resource", async () => {
    const other = await newShopper();
    const response = await call(
      `${URLS.notification}/api/v1/notifications?userId=${other.id}`,
      'GET',
      { token: shopper.token },
    );
    expect(response.status).toBe(404);
  });
});
