import { Account, ServiceToken } from '@shop/contracts';
import { remoteJwks } from '@shop/platform';
import { randomUpc } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { bearer, useGateway } from './support.js';

const harness = useGateway();

const jwksReads = () =>
  harness.accounts.calls.filter((call) => call.path === '/.well-known/jwks.json').length;
const decodePart = (part = '') => JSON.parse(Buffer.from(part, 'base64url').toString());

const newItem = () => ({
  upc: randomUpc(),
  name: 'Gateway Lamp',
  unitPrice: 1_999,
  category: 'home',
  initialStock: 4,
});

describe('gateway', () => {
  it('when a client calls account- and item-service through the gateway, then each request reaches its service unchanged and the answer comes back', async () => {
    const customer = harness.accounts.customer();
    const account = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${customer.id}`,
      headers: bearer(customer.token),
    });
    expect(account.statusCode).toBe(200);
    expect(Account.parse(account.json())).toMatchObject({ id: customer.id, email: customer.email });
    const token = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { grantType: 'client_credentials', clientId: 'cart-service', clientSecret: 'x' },
    });
    expect(ServiceToken.parse(token.json()).tokenType).toBe('Bearer');
    const keys = await harness.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(keys.json().keys).toHaveLength(1);

    const item = newItem();
    const created = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items?notify=no',
      headers: bearer(harness.adminToken),
      payload: item,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Gateway Lamp' });
    const arrived = harness.items.received.find((request) => request.method === 'POST');
    expect(arrived).toMatchObject({
      query: 'notify=no',
      body: { ...item, description: '', currency: 'USD', pictures: [], attributes: {} },
      headers: { authorization: `Bearer ${harness.adminToken}` },
    });
    const read = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/${created.json().id}`,
    });
    expect(read.json()).toMatchObject({ id: created.json().id, inventory: { available: 4 } });
  });

  it('when a request passes the gateway, then the service receives the same request id the client gets back, and the client address', async () => {
    const itemId = crypto.randomUUID();
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/${itemId}`,
      remoteAddress: '10.1.2.3',
    });

    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const arrived = harness.items.received.filter((request) => request.method === 'GET');
    expect(arrived.at(-1)?.headers).toMatchObject({
      'x-request-id': requestId,
      'x-forwarded-for': '10.1.2.3',
    });
  });

  it('when the storefront dev server calls through the gateway, then the gateway grants its origin, answers the preflight itself, and the service never sees the Origin', async () => {
    const origin = 'http://localhost:5173';
    const before = harness.items.received.length;
    const preflight = await harness.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/items',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'Authorization, Content-Type, Idempotency-Key',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('Idempotency-Key');
    expect(harness.items.received.length).toBe(before);

    const read = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/${crypto.randomUUID()}`,
      headers: { origin },
    });
    expect(read.headers['access-control-allow-origin']).toBe(origin);
    expect(harness.items.received.at(-1)?.headers.origin).toBeUndefined();

    const foreign = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/${crypto.randomUUID()}`,
      headers: { origin: 'https://elsewhere.example.com' },
    });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when CORS_ORIGINS names another origin, then the gateway grants that one and not the default', async () => {
    const gateway = await harness.gatewayWith({ cors: ['https://shop.example.com'] });
    const granted = await gateway.inject({
      method: 'OPTIONS',
      url: '/api/v1/orders',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(granted.statusCode).toBe(204);
    expect(granted.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const refused = await gateway.inject({
      method: 'OPTIONS',
      url: '/api/v1/orders',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when the service behind a route is down, then 503 problem+json names it', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/cart',
      headers: bearer(harness.adminToken),
    });

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      status: 503,
      detail: 'cart-service is unavailable; try again',
    });
  });

  it('when the operations console is asked for, then the request goes to order-service (down here: 503 naming it)', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/operations/dead-letters',
      headers: bearer(harness.adminToken),
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().detail).toBe('order-service is unavailable; try again');
  });

  it('when a path is internal or unknown, then 404 problem+json and nothing is forwarded', async () => {
    const before = harness.items.calls.length;
    for (const url of [
      '/api/v1/inventory/holds/0b8a5f9e-3c1d-4f7a-9a43-0e0c7a1f2b3c',
      '/api/v1/nothing',
      '/api/v2/items',
    ]) {
      const response = await harness.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html' },
      });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(harness.items.calls.length).toBe(before);
  });

  it('when a client goes over its rate, then 429 with Retry-After, while another client goes on', async () => {
    const limited = await harness.gatewayWith({ rateLimitPerMinute: 3 });
    try {
      const customer = harness.accounts.customer();
      const asCustomer = () =>
        limited.inject({
          method: 'GET',
          url: '/api/v1/categories',
          headers: bearer(customer.token),
        });
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1)
        statuses.push((await asCustomer()).statusCode);
      const refused = await asCustomer();

      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.json()).toMatchObject({ status: 429, code: 'too-many-requests' });
      const other = harness.accounts.customer();
      const fresh = await limited.inject({
        method: 'GET',
        url: '/api/v1/categories',
        headers: bearer(other.token),
      });
      expect(fresh.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('when one address goes over its budget, then 429 comes before its token is verified', async () => {
    let verifications = 0;
    const keys = remoteJwks({ accountServiceUrl: harness.accounts.url });
    const limited = await harness.gatewayWith(
      { addressRateLimitPerMinute: 2 },
      {
        resolveKey: async (header) => {
          verifications += 1;
          return await keys(header);
        },
      },
    );
    try {
      const customer = harness.accounts.customer();
      const statuses = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await limited.inject({
          method: 'GET',
          url: '/api/v1/categories',
          headers: bearer(customer.token),
        });
        statuses.push(response.statusCode);
      }

      expect(statuses).toEqual([200, 200, 429, 429, 429]);
      expect(verifications).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('when tokens with made-up kids flood the gateway, then the key set is read at most once', async () => {
    const flooded = await harness.gatewayWith({});
    try {
      const customer = harness.accounts.customer();
      await flooded.inject({
        method: 'GET',
        url: '/api/v1/categories',
        headers: bearer(customer.token),
      });
      const readsBefore = jwksReads();
      const [header, payload, signature] = customer.token.split('.');
      const statuses = new Set<number>();
      for (let attempt = 0; attempt < 30; attempt += 1) {
        const forgedHeader = Buffer.from(
          JSON.stringify({ ...decodePart(header), kid: crypto.randomUUID() }),
        ).toString('base64url');
        const response = await flooded.inject({
          method: 'GET',
          url: '/api/v1/categories',
          headers: bearer(`${forgedHeader}.${payload}.${signature}`),
        });
        statuses.add(response.statusCode);
      }

      expect(jwksReads() - readsBefore).toBeLessThanOrEqual(1);
      // The gateway leaves refusing to the services: the catalog stub answers anonymous reads.
      expect([...statuses]).toEqual([200]);
    } finally {
      await flooded.close();
    }
  });

  it('when the API docs are read, then one document lists every public path of the services that answer and names the others', async () => {
    const document = (await harness.app.inject({ method: 'GET', url: '/docs/json' })).json();

    expect(document.info.title).toBe('Shop API (through the gateway)');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/items',
      '/api/v1/items/{id}',
      '/api/v1/notifications',
    ]);
    expect(document.paths['/api/v1/items/{id}'].get.tags).toEqual(['item-service']);
    expect(document.paths['/api/v1/notifications'].get.tags).toEqual(['notification-service']);
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Item', 'NotificationPage']);
    // account-service's stub serves no API document: it counts as not answering.
    expect(document.info.description).toContain(
      'Not answering right now: account-service, order-service, payment-service, cart-service.',
    );
    const ui = await harness.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('when the storefront or one of its pages is opened, then index.html is served; assets are cached', async () => {
    for (const url of ['/', '/orders/42', '/items/abc?x=1']) {
      const page = await harness.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html' },
      });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<div id="root">');
    }
    const asset = await harness.app.inject({ method: 'GET', url: '/assets/index-1a2b3c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await harness.app.inject({ method: 'GET', url: '/assets/gone-000.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('when the storefront is not built, then pages answer 503 saying how to build it', async () => {
    const unbuilt = await harness.gatewayWith({ storefrontDir: '/nonexistent/storefront/dist' });
    try {
      const page = await unbuilt.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.json().detail).toBe('The storefront is not built: run make storefront');
    } finally {
      await unbuilt.close();
    }
  });
});
