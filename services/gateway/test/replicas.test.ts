import { createLogger, type ServiceApp } from '@shop/platform';
import { closedPortUrl, listen, type Replica, startReplica } from '@shop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadGatewayConfig } from '../src/config.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const replica = async (name: string, behaviour?: Replica['behaviour']) => {
  const started = await startReplica(name, behaviour);
  cleanup.push(() => started.stop());
  return started;
};

/** A gateway over real HTTP whose item- and order-service are the given replica lists. */
const gatewayOver = async ({ item, order }: { item?: Replica[]; order?: Replica[] }) => {
  const down = await closedPortUrl();
  const list = (replicas?: Replica[]) => replicas?.map((r) => r.url).join(',') ?? down;
  const config = loadGatewayConfig({
    ...process.env,
    ACCOUNT_SERVICE_URL: down,
    ITEM_SERVICE_URL: list(item),
    ORDER_SERVICE_URL: list(order),
    PAYMENT_SERVICE_URL: down,
    CART_SERVICE_URL: down,
    NOTIFICATION_SERVICE_URL: down,
    STOREFRONT_DIR: '/nonexistent/storefront',
  });
  const app: ServiceApp = await buildApp({
    config,
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  });
  cleanup.push(() => app.close());
  const url = await listen(app);
  // Only what the tests send counts (the gateway read each service's API document at start).
  for (const started of [...(item ?? []), ...(order ?? [])]) started.seen.length = 0;
  return {
    get: async (path: string) => await fetch(`${url}${path}`),
    post: async (path: string, body: unknown, headers: Record<string, string> = {}) =>
      await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
  };
};

const answer = async (response: Response) =>
  (await response.json()) as { replica: string; method: string; url: string; body: string };

describe('the gateway in front of replicas', () => {
  it('when a service runs two replicas, then requests are spread over both', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const gateway = await gatewayOver({ item: [a, b] });

    const answeredBy = [];
    for (let request = 0; request < 6; request += 1) {
      const response = await gateway.get(`/api/v1/items?page=${request}`);
      expect(response.status).toBe(200);
      answeredBy.push((await answer(response)).replica);
    }

    expect(answeredBy.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    expect(a.seen.map((request) => request.url)).toEqual([
      '/api/v1/items?page=0',
      '/api/v1/items?page=2',
      '/api/v1/items?page=4',
    ]);
  });

  it('when one replica is stopped, then every request is still answered, bodies included', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const gateway = await gatewayOver({ item: [a, b], order: [a, b] });
    await a.stop();

    const statuses = [];
    for (let request = 0; request < 4; request += 1)
      statuses.push((await gateway.get('/api/v1/items')).status);
    const created = [];
    for (let request = 0; request < 4; request += 1) {
      const response = await gateway.post('/api/v1/orders', { items: [{ n: request }] });
      created.push(await answer(response));
    }

    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(created.map((body) => body.replica)).toEqual(['b', 'b', 'b', 'b']);
    expect(b.seen.filter((request) => request.method === 'POST').map((r) => r.body)).toEqual([
      '{"items":[{"n":0}]}',
      '{"items":[{"n":1}]}',
      '{"items":[{"n":2}]}',
      '{"items":[{"n":3}]}',
    ]);
  });

  it('when a replica resets the connection of a write without an Idempotency-Key, then 503 and the write is not sent twice', async () => {
    const [crashing, b] = [await replica('crashing'), await replica('b')];
    const gateway = await gatewayOver({ order: [crashing, b] });
    crashing.behaviour = 'reset';

    const response = await gateway.post('/api/v1/orders', { items: [] });

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      detail: 'order-service is unavailable; try again',
    });
    expect(crashing.seen).toHaveLength(1);
    expect(b.seen).toHaveLength(0);
  });

  it('when a replica resets the connection of a read or a keyed write, then the next replica answers it', async () => {
    const [crashing, b] = [await replica('crashing'), await replica('b')];
    const gateway = await gatewayOver({ order: [crashing, b] });
    crashing.behaviour = 'reset';

    const keyed = await gateway.post('/api/v1/orders', { items: [] }, { 'idempotency-key': 'k-1' });
    const read = await gateway.get('/api/v1/orders/42');

    expect(keyed.status).toBe(200);
    expect((await answer(keyed)).body).toBe('{"items":[]}');
    expect(read.status).toBe(200);
    expect(crashing.seen).toHaveLength(1);
    expect(b.seen.map((request) => request.method)).toEqual(['POST', 'GET']);
  });
});
