import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  createLogger,
  createServiceApp,
  PUBLIC,
  type ReadinessCheck,
  type ServiceApp,
  TooManyRequestsError,
} from '../src/index.js';

const apps: ServiceApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map(async (app) => await app.close()));
});

const captureLogs = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test-service', level: 'info' }, stream) };
};

const buildTestApp = async (
  checks: Record<string, ReadinessCheck> = {},
  corsOrigins?: readonly string[],
) => {
  const { lines, logger } = captureLogs();
  const app = await createServiceApp({
    service: 'test-service',
    logger,
    readiness: checks,
    ...(corsOrigins ? { corsOrigins } : {}),
  });
  app.post(
    '/things',
    {
      config: PUBLIC,
      schema: { body: z.strictObject({ name: z.string().min(1), quantity: z.int().min(1) }) },
    },
    async (request, reply) => await reply.status(201).send({ created: request.body.name }),
  );
  app.get('/conflict', { config: PUBLIC }, async () => {
    throw new ConflictError('duplicate-upc', 'An item with UPC 036000291452 already exists', {
      extensions: { upc: '036000291452' },
    });
  });
  app.get('/things/by-name', { config: PUBLIC }, async () => ({ found: [] }));
  app.put('/things/:id', { config: PUBLIC }, async () => ({ replaced: true }));
  app.get('/throttled', { config: PUBLIC }, async () => {
    throw new TooManyRequestsError('Too many failed logins', 30);
  });
  app.get('/store-down', { config: PUBLIC }, async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
  });
  app.get('/bug', { config: PUBLIC }, async () => {
    throw new Error('connection string mysql://root:hunter2@db leaked');
  });
  apps.push(app);
  await app.ready();
  return { app, lines };
};

const problemOf = (response: { headers: Record<string, unknown>; json: () => unknown }) => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as Record<string, unknown>;
};

describe('problem+json', () => {
  it('when the body has an unknown field, then 400 names it and the handler never runs', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x', quantity: 1, role: 'ADMIN' },
    });
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ status: 400, code: 'validation-error' });
    expect(JSON.stringify(problem.errors)).toMatch(/role/);
  });

  it('when a field has the wrong type, then 400 lists its path', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x', quantity: 1.5 },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([
      expect.objectContaining({ path: 'body.quantity' }),
    ]);
  });

  it('when an operator object is sent where a string is expected, then 400', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: { $gt: '' }, quantity: 1 },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([expect.objectContaining({ path: 'body.name' })]);
  });

  it('when the JSON is malformed, then 400 problem+json, not 500', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).detail).toMatch(/JSON/i);
  });

  it('when the body is larger than the limit, then 413', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x'.repeat(70 * 1024), quantity: 1 },
    });
    expect(response.statusCode).toBe(413);
    expect(problemOf(response).status).toBe(413);
  });

  it('when a domain error is thrown, then its status, code, detail and extensions are sent', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/conflict' });
    expect(response.statusCode).toBe(409);
    expect(problemOf(response)).toEqual({
      type: '/problems/duplicate-upc',
      title: 'Conflict',
      status: 409,
      code: 'duplicate-upc',
      detail: 'An item with UPC 036000291452 already exists',
      upc: '036000291452',
    });
  });

  it('when a request is throttled, then 429 carries Retry-After', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/throttled' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('30');
  });

  it('when the store is unreachable, then 503 with Retry-After, not a 500, and nothing of the error leaks', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/store-down' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(problemOf(response)).toMatchObject({ status: 503, code: 'service-unavailable' });
    expect(JSON.stringify(problemOf(response))).not.toMatch(/3306/);
  });

  it('when a bug throws, then 500 hides the message from the client but logs it', async () => {
    const { app, lines } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/bug' });
    expect(response.statusCode).toBe(500);
    const problem = problemOf(response);
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|mysql/);
    expect(problem.detail).toContain(response.headers['x-request-id']);
    expect(lines.some((line) => line.includes('unhandled error'))).toBe(true);
  });

  it('when a route does not exist, then 404 problem+json names it', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(response.statusCode).toBe(404);
    expect(problemOf(response).detail).toBe('No route GET /nope');
  });

  it('when a path of its own is called with a method it does not answer, then 405 with Allow, though a parameter route would match', async () => {
    const { app } = await buildTestApp();
    const refused = await app.inject({ method: 'PUT', url: '/things/by-name' });
    expect(refused.statusCode).toBe(405);
    expect(refused.headers.allow).toBe('GET, HEAD');
    expect(problemOf(refused).status).toBe(405);
    const replaced = await app.inject({ method: 'PUT', url: '/things/42' });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual({ replaced: true });
  });

  it('when OPTIONS is no CORS preflight, then 405 with Allow, not the CORS catch-all', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'OPTIONS', url: '/things' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});

describe('request logging', () => {
  it('when a request is served, then exactly one line is logged with its request id', async () => {
    const { app, lines } = await buildTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-request-id': 'req-42', authorization: 'Bearer secret-token' },
      payload: { name: 'x', quantity: 2 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-request-id']).toBe('req-42');
    const requestLines = lines.filter((line) => line.includes('"reqId":"req-42"'));
    expect(requestLines).toHaveLength(1);
    expect(JSON.parse(requestLines[0] ?? '{}')).toMatchObject({
      msg: 'request',
      route: '/things',
      statusCode: 201,
      service: 'test-service',
    });
    expect(lines.join('\n')).not.toContain('secret-token');
  });
});

describe('health, metrics and docs', () => {
  it('when every readiness check passes, then ready is 200', async () => {
    const { app } = await buildTestApp({ store: async () => 'ok' });
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { store: 'up' } });
  });

  it('when a dependency is down, then ready is 503 naming it while live stays 200', async () => {
    const { app } = await buildTestApp({
      store: async () => 'ok',
      kafka: async () => {
        throw new Error('broker unreachable');
      },
    });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: 'unavailable',
      checks: { store: 'up', kafka: 'down: broker unreachable' },
    });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('when a request has been served, then /metrics reports it by route pattern', async () => {
    const { app } = await buildTestApp();
    await app.inject({ method: 'GET', url: '/conflict' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    const counted = response.body
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_count{'))
      .find((line) => line.includes('route="/conflict"') && line.includes('status_code="409"'));
    expect(counted).toMatch(/ 1$/);
  });

  it('when the OpenAPI document is requested, then it describes the routes from the zod schemas', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    const body = document.paths['/things'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['name', 'quantity']);
    expect(body.additionalProperties).toBe(false);
    expect(document.paths['/health/ready']).toBeUndefined();
  });
});

describe('CORS', () => {
  const SHOP = 'https://shop.example.com';

  it('when a listed origin sends a preflight for a POST with a token and an idempotency key, then 204 grants the origin, the methods and those headers', async () => {
    const { app } = await buildTestApp({}, [SHOP]);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/things',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(SHOP);
    const methods = String(preflight.headers['access-control-allow-methods']).split(/,\s*/);
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const headers = String(preflight.headers['access-control-allow-headers']).toLowerCase();
    for (const header of ['authorization', 'content-type', 'idempotency-key']) {
      expect(headers.split(/,\s*/)).toContain(header);
    }
  });

  it('when a listed origin calls, then the answer grants it and exposes Retry-After', async () => {
    const { app } = await buildTestApp({}, [SHOP, 'http://localhost:5173']);
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { origin: 'http://localhost:5173' },
      payload: { name: 'lamp', quantity: 1 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(response.headers['access-control-expose-headers'])).toContain('Retry-After');
    expect(String(response.headers.vary)).toContain('Origin');
  });

  it('when an unlisted origin calls or sends a preflight, then no Access-Control-Allow-Origin is given', async () => {
    const { app } = await buildTestApp({}, [SHOP]);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/things',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const response = await app.inject({
      method: 'GET',
      url: '/conflict',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when no origins are configured, then the storefront dev server is the one allowed', async () => {
    const { app } = await buildTestApp();
    const allowed = await app.inject({
      method: 'GET',
      url: '/conflict',
      headers: { origin: 'http://localhost:5173' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const other = await app.inject({
      method: 'GET',
      url: '/conflict',
      headers: { origin: SHOP },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
