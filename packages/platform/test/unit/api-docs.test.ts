import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemResponses } from '../../src/api-docs.js';
import { allow, PUBLIC } from '../../src/auth/access.js';
import { localKeys } from '../../src/auth/keys.js';
import { auth } from '../../src/auth/plugin.js';
import { ConflictError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createServiceApp, type ServiceApp } from '../../src/service-app.js';

const apps: ServiceApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map(async (app) => await app.close()));
});

const Widget = z.object({ id: z.uuid(), name: z.string() });

/** A public read by id, an ADMIN write with a body that may conflict, a public delete. */
const buildApp = async () => {
  const app = await createServiceApp({
    service: 'test-service',
    logger: createLogger({ service: 'test-service', level: 'silent' }),
    readiness: {},
  });
  apps.push(app);
  await app.register(auth, { issuer: 'i', audience: 'a', resolveKey: localKeys([]) });
  const params = z.strictObject({ id: z.uuid() });
  app.get(
    '/widgets/:id',
    { config: PUBLIC, schema: { params, response: { 200: Widget } } },
    async (request) => ({ id: request.params.id, name: 'w' }),
  );
  app.post(
    '/widgets',
    {
      config: allow({ roles: ['ADMIN'] }),
      schema: {
        body: z.strictObject({ name: z.string() }),
        response: { 201: Widget, ...problemResponses(409) },
      },
    },
    async () => {
      throw new ConflictError('duplicate', 'exists');
    },
  );
  app.get(
    '/widgets/mine',
    { config: PUBLIC, schema: { response: { 200: z.array(Widget) } } },
    async () => [],
  );
  app.delete(
    '/widgets/:id',
    { config: PUBLIC, schema: { params, response: { 204: z.null().describe('Deleted') } } },
    async (_request, reply) => await reply.status(204).send(null),
  );
  await app.ready();
  return app;
};

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };

const operationsOf = async (app: ServiceApp) => {
  const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  return { document, paths: document.paths as Record<string, Record<string, Operation>> };
};

const PROBLEM = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

describe('the API document', () => {
  it('when a route is guarded and takes a body, then 400, 401, 403, 413, 415, 422, 503 and its own 409 are problem+json with the shared Problem', async () => {
    const { document, paths } = await operationsOf(await buildApp());
    const { responses } = (paths['/widgets'] as Record<string, Operation>).post as Operation;
    expect(Object.keys(responses).sort()).toEqual(
      ['201', '400', '401', '403', '409', '413', '415', '422', '503'].sort(),
    );
    for (const status of ['400', '401', '403', '409', '413', '415', '422', '503'])
      expect(responses[status]?.content).toEqual(PROBLEM);
    expect(responses['201']?.content).toHaveProperty(['application/json']);
    expect(document.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status'],
    });
  });

  it('when a public route names a resource by id, then 400, 404, 422 and 503, and neither 401 nor 403', async () => {
    const { paths } = await operationsOf(await buildApp());
    const { responses } = (paths['/widgets/{id}'] as Record<string, Operation>).get as Operation;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '404', '422', '503']);
  });

  it('when a route answers 204, then it documents no body', async () => {
    const { paths } = await operationsOf(await buildApp());
    const { responses } = (paths['/widgets/{id}'] as Record<string, Operation>).delete as Operation;
    expect(responses['204']).toEqual({ description: 'Deleted' });
  });
});

describe('methods a path does not answer', () => {
  it('when a path exists but not with the method, then 405 problem+json with Allow', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'PUT', url: `/widgets/${crypto.randomUUID()}` });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('DELETE, GET, HEAD');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });

  it('when the method needs a content type and has none, then still 405, not 400', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'QUERY', url: `/widgets/${crypto.randomUUID()}` });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('DELETE, GET, HEAD');
  });

  it('when a path is registered as it is beside a pattern matching it, then Allow lists its own methods', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'OPTIONS', url: '/widgets/mine' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('when a method a pattern answers is sent to a path registered as it is, then 405, not a validation error of the pattern', async () => {
    const app = await buildApp();
    // DELETE /widgets/:id exists: Fastify would route DELETE /widgets/mine there (a bad id, 400).
    const response = await app.inject({ method: 'DELETE', url: '/widgets/mine' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    const byId = await app.inject({ method: 'DELETE', url: `/widgets/${crypto.randomUUID()}` });
    expect(byId.statusCode).not.toBe(405);
  });

  it('when the path does not exist at all, then 404', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'PUT', url: '/gadgets/1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers.allow).toBeUndefined();
  });

  it('when a registered route throws a problem, then it is served as problem+json', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'POST', url: '/widgets', payload: { name: 'x' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
