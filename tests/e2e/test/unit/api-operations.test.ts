import { describe, expect, it } from 'vitest';
import { admits, concretePath, operationsOf } from '../../src/api-operations.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('reading operations from an OpenAPI document', () => {
  it('when a document is read, then every method of every path is one operation with its declared access', () => {
    const operations = operationsOf({
      paths: {
        '/api/v1/things/{id}': {
          get: { 'x-access': { roles: ['CUSTOMER'] } },
          put: { 'x-access': { roles: ['ADMIN'] }, requestBody: {} },
          head: { 'x-access': 'public' },
        },
        '/api/v1/things': { post: { requestBody: {} } },
      },
    });
    expect(operations).toEqual([
      {
        name: 'GET /api/v1/things/{id}',
        method: 'GET',
        path: '/api/v1/things/{id}',
        access: { roles: ['CUSTOMER'] },
        hasBody: false,
      },
      {
        name: 'POST /api/v1/things',
        method: 'POST',
        path: '/api/v1/things',
        access: undefined,
        hasBody: true,
      },
      {
        name: 'PUT /api/v1/things/{id}',
        method: 'PUT',
        path: '/api/v1/things/{id}',
        access: { roles: ['ADMIN'] },
        hasBody: true,
      },
    ]);
  });

  it('when a path has parameters, then each becomes its own random UUID', () => {
    const [, a, , b] = concretePath('/x/{id}/y/{other}').split('/').slice(1);
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('when access is checked, then services pass only by name and people only by role', () => {
    const holds = { services: ['order-service'] };
    expect(admits(holds, 'SERVICE', 'order-service')).toBe(true);
    expect(admits(holds, 'SERVICE', 'notification-service')).toBe(false);
    expect(admits(holds, 'ADMIN')).toBe(false);
    expect(admits({ roles: ['CUSTOMER', 'ADMIN'] }, 'CUSTOMER')).toBe(true);
    expect(admits({ roles: ['SERVICE'] }, 'SERVICE', 'order-service')).toBe(false);
    expect(admits('public', 'CUSTOMER')).toBe(true);
    expect(admits(undefined, 'ADMIN')).toBe(false);
  });
});
