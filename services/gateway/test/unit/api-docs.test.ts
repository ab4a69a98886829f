import { describe, expect, it } from 'vitest';
import { mergeApiDocs, type OpenApiDocument } from '../../src/domain/api-docs.js';

const documentWith = (
  paths: OpenApiDocument['paths'],
  components: OpenApiDocument['components'] = {},
): OpenApiDocument => ({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths, components });

describe('the merged API document', () => {
  it('when services answer, then every public path is kept, each operation tagged with its service', () => {
    const merged = mergeApiDocs(
      [
        {
          service: 'item-service',
          document: documentWith({
            '/api/v1/items/{id}': { get: { tags: ['items'], summary: 'An item' }, put: {} },
            '/api/v1/inventory/holds': { post: { tags: ['holds'] } },
            '/health/ready': { get: {} },
          }),
        },
        {
          service: 'order-service',
          document: documentWith({ '/api/v1/orders': { post: { tags: ['orders'] } } }),
        },
      ],
      '9.9.9',
    );

    const gatewayAnswers = { 429: expect.anything(), 503: expect.anything() };
    expect(merged.paths).toEqual({
      '/api/v1/items/{id}': {
        get: { tags: ['item-service'], summary: 'An item', responses: gatewayAnswers },
        put: { tags: ['item-service'], responses: gatewayAnswers },
      },
      '/api/v1/orders': { post: { tags: ['order-service'], responses: gatewayAnswers } },
    });
    expect(merged.info.version).toBe('9.9.9');
    expect(merged.tags).toEqual([{ name: 'item-service' }, { name: 'order-service' }]);
    expect(merged.info.description).not.toContain('Not answering');
  });

  it('when services share component kinds, then their entries are merged', () => {
    const merged = mergeApiDocs(
      [
        {
          service: 'item-service',
          document: documentWith({}, { schemas: { Item: { type: 'object' } } }),
        },
        {
          service: 'order-service',
          document: documentWith(
            {},
            { schemas: { Order: { type: 'object' } }, securitySchemes: { bearerAuth: {} } },
          ),
        },
      ],
      '1',
    );

    expect(merged.components).toEqual({
      schemas: { Item: { type: 'object' }, Order: { type: 'object' } },
      securitySchemes: { bearerAuth: {} },
    });
  });

  it('when a service does not answer, then its paths are absent and the description names it', () => {
    const merged = mergeApiDocs(
      [
        { service: 'item-service', document: null },
        { service: 'cart-service', document: null },
        { service: 'order-service', document: documentWith({}) },
      ],
      '1',
    );

    expect(merged.paths).toEqual({});
    expect(merged.info.description).toContain(
      'Not answering right now: item-service, cart-service.',
    );
  });

  it('when an operation is merged, then it documents the gateway’s 429 and 503 as problem+json, keeping the service’s own answers', () => {
    const problem = { $ref: '#/components/schemas/Problem' };
    const merged = mergeApiDocs(
      [
        {
          service: 'account-service',
          document: documentWith({
            '/api/v1/auth/login': {
              post: {
                responses: { 200: { description: 'Tokens' }, 429: { description: 'Locked' } },
              },
            },
          }),
        },
      ],
      '1',
    );

    const login = merged.paths?.['/api/v1/auth/login'] as Record<string, unknown>;
    const { responses } = login.post as {
      responses: Record<string, { description: string; content?: Record<string, unknown> }>;
    };
    expect(Object.keys(responses).sort()).toEqual(['200', '429', '503']);
    expect(responses[429]?.description).toBe('Locked');
    expect(responses[503]?.content).toEqual({ 'application/problem+json': { schema: problem } });
  });
});
