import type { IncomingMessage } from 'node:http';
import { CategoryTree, CreateItemBody, Item, NotificationPage } from '@shop/contracts';
import { defineRoute, problem, type StubRoute, type StubServer, startStub } from '@shop/testing';
import type { OpenApiDocument } from '../src/domain/api-docs.js';

/** A request as it reached a stubbed service behind the gateway. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  headers: IncomingMessage['headers'];
}

export interface ServiceStub extends StubServer {
  received: ReceivedRequest[];
}

/** Keeps every request a route answers, headers included (what the gateway forwarded). */
const recording = (received: ReceivedRequest[], routes: StubRoute[]): StubRoute[] =>
  routes.map((route) => ({
    ...route,
    handle: (request) => {
      received.push({
        method: route.method,
        path: route.path,
        query: request.query.toString(),
        body: request.body,
        headers: request.headers,
      });
      return route.handle(request);
    },
  }));

/** An OpenAPI document as a service serves it at /docs/json. */
const document = (
  title: string,
  paths: string[],
  schemas: Record<string, unknown>,
): OpenApiDocument => ({
  openapi: '3.0.3',
  info: { title, version: '0.1.0' },
  paths: Object.fromEntries(paths.map((path) => [path, { get: { tags: ['own-tag'] } }])),
  components: { schemas },
});

const docsRoute = (served: OpenApiDocument): StubRoute => ({
  method: 'GET',
  path: '/docs/json',
  handle: () => ({ status: 200, body: served }),
});

export const itemOf = (id: string, overrides: Partial<Item> = {}): Item =>
  Item.parse({
    id,
    upc: '036000291452',
    name: 'Gateway Lamp',
    description: '',
    unitPrice: 1_999,
    currency: 'USD',
    pictures: [],
    category: 'home',
    attributes: {},
    inventory: { onHand: 4, reserved: 0, available: 4 },
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  });

/** item-service's public catalog routes, and its API document (with an internal path). */
export const startItemStub = async (): Promise<ServiceStub> => {
  const received: ReceivedRequest[] = [];
  const server = await startStub(
    recording(received, [
      {
        method: 'GET',
        path: '/api/v1/items/:id',
        response: Item,
        handle: ({ params }) => ({ status: 200, body: itemOf(params.id ?? '') }),
      },
      defineRoute<CreateItemBody>({
        method: 'POST',
        path: '/api/v1/items',
        request: CreateItemBody,
        response: Item,
        handle: ({ body, headers }) =>
          headers.authorization
            ? { status: 201, body: itemOf(crypto.randomUUID(), { name: body.name }) }
            : problem(401, 'unauthorized', 'No bearer token'),
      }),
      {
        method: 'GET',
        path: '/api/v1/categories',
        response: CategoryTree,
        handle: () => ({
          status: 200,
          body: {
            categories: [
              { slug: 'home', name: 'Home', parent: null, depth: 0, count: 1, total: 1 },
            ],
          },
        }),
      },
      docsRoute(
        document(
          'item-service',
          ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/inventory/holds'],
          { Item: { type: 'object' } },
        ),
      ),
    ]),
  );
  return { ...server, received };
};

/** notification-service's listing and its API document. */
export const startNotificationStub = async (): Promise<ServiceStub> => {
  const received: ReceivedRequest[] = [];
  const server = await startStub(
    recording(received, [
      {
        method: 'GET',
        path: '/api/v1/notifications',
        response: NotificationPage,
        handle: () => ({ status: 200, body: { notifications: [], nextCursor: null } }),
      },
      docsRoute(
        document('notification-service', ['/api/v1/notifications'], {
          NotificationPage: { type: 'object' },
        }),
      ),
    ]),
  );
  return { ...server, received };
};
