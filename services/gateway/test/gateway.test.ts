import { randomUpc } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { bearer, useGateway } from './support.js';

const harness = useGateway();

const newItem = () => ({
  upc: randomUpc(),
  name: 'Gateway Lamp',
  unitPrice: 1_999,
  category: 'home',
  initialStock: 4,
});

describe('gateway', () => {
  it('when a customer registers, logs in and browses through the gateway, then the services answer', async () => {
    const email = `gw-${crypto.randomUUID()}@test.example`;
    const password = 'a gateway password';
    const registered = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { email, password, name: 'Gateway Customer' },
    });
    expect(registered.statusCode).toBe(201);
    const login = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    expect(login.statusCode).toBe(200);
    const me = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/accounts/me',
      headers: bearer(login.json().accessToken),
    });
    expect(me.json()).toMatchObject({ id: registered.json().id, email });

    const created = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: bearer(harness.adminToken),
      payload: newItem(),
    });
    expect(created.statusCode).toBe(201);
    const read = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/${created.json().id}`,
    });
    expect(read.json()).toMatchObject({ name: 'Gateway Lamp', inventory: { available: 4 } });
  });

  it('when a request passes the gateway, then the service logs it under the same request id', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/items?limit=1' });

    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.itemLogs.some((line) => JSON.parse(line).reqId === requestId)).toBe(true);
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
  });

  it('when a client goes over its rate, then 429 with Retry-After, while another client goes on', async () => {
    const limited = await harness.gatewayWith({ rateLimitPerMinute: 3 });
    try {
      const customer = await harness.identity.customer();
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
      const other = await harness.identity.customer();
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

  it('when the API docs are read, then one document lists every public path of the services that answer', async () => {
    const document = (await harness.app.inject({ method: 'GET', url: '/docs/json' })).json();

    expect(document.info.title).toBe('Shop API (through the gateway)');
    expect(document.paths['/api/v1/items/{id}'].get.tags).toEqual(['item-service']);
    expect(document.paths['/api/v1/auth/login'].post.tags).toEqual(['account-service']);
    expect(
      Object.keys(document.paths).some((path) => path.startsWith('/api/v1/inventory/holds')),
    ).toBe(false);
    expect(document.info.description).toContain('Not answering right now: order-service');
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
