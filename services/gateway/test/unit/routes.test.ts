import { describe, expect, it } from 'vitest';
import {
  isPublicPath,
  PUBLIC_ROUTES,
  SERVICE_NAMES,
  type ServiceKey,
} from '../../src/domain/routes.js';

const ownerOf = (path: string) =>
  PUBLIC_ROUTES.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`))?.service;

describe('the route table', () => {
  it.each([
    ['/api/v1/accounts/me', 'account'],
    ['/api/v1/auth/login', 'account'],
    ['/.well-known/jwks.json', 'account'],
    ['/api/v1/items/{id}', 'item'],
    ['/api/v1/categories', 'item'],
    ['/api/v1/orders/{id}/cancel', 'order'],
    ['/api/v1/operations/dead-letters', 'order'],
    ['/api/v1/payments', 'payment'],
    ['/api/v1/cart/checkout', 'cart'],
    ['/api/v1/notifications', 'notification'],
  ] as [string, ServiceKey][])(
    'when %s is asked for, then it is public and goes to %s',
    (path, service) => {
      expect(isPublicPath(path)).toBe(true);
      expect(ownerOf(path)).toBe(service);
    },
  );

  it.each([
    '/api/v1/inventory/holds',
    '/api/v1/inventory/holds/0b8a5f9e-3c1d-4f7a-9a43-0e0c7a1f2b3c',
    '/api/v1/itemsx',
    '/api/v1/cartography',
    '/api/v2/items',
    '/docs/json',
    '/',
  ])('when %s is asked for, then it is not public', (path) => {
    expect(isPublicPath(path)).toBe(false);
  });

  it('when the table is read, then no prefix is claimed twice and every service has a name', () => {
    const prefixes = PUBLIC_ROUTES.map((route) => route.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const { service } of PUBLIC_ROUTES) expect(SERVICE_NAMES[service]).toMatch(/-service$/);
  });
});
