import { isPublicPath } from './routes.js';

/** The parts of an OpenAPI 3 document the merge reads. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, { tags?: string[] } & Record<string, unknown>>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
}

export interface ServiceDocument {
  service: string;
  /** null when the service did not answer. */
  document: OpenApiDocument | null;
}

/** A problem+json answer of the gateway itself, with the services' shared Problem schema. */
const gatewayProblem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  headers: {
    'retry-after': {
      description: 'Seconds to wait before retrying',
      schema: { type: 'integer', minimum: 1 },
    },
  },
});

/**
 * What the gateway may answer to any forwarded request besides the owning service: 429 past its
 * rate limits (routes/rate-limits.ts), 503 when the service cannot be reached (routes/proxy.ts).
 */
const GATEWAY_ANSWERS = {
  429: gatewayProblem('Too Many Requests (the gateway’s rate limit)'),
  503: gatewayProblem('Service Unavailable (the owning service, or a store it needs)'),
};

const withGatewayAnswers = (operation: Record<string, unknown>) => ({
  ...operation,
  responses: { ...GATEWAY_ANSWERS, ...(operation.responses as object | undefined) },
});

/**
 * One OpenAPI document for the whole shop, as the gateway exposes it: every public path of
 * every service, each operation tagged with the service that owns it and documenting the
 * gateway's own 429 and 503 answers, components merged.
 */
export const mergeApiDocs = (services: ServiceDocument[], version: string): OpenApiDocument => {
  const paths: NonNullable<OpenApiDocument['paths']> = {};
  const components: Record<string, Record<string, unknown>> = {};
  for (const { service, document } of services) {
    for (const [path, operations] of Object.entries(document?.paths ?? {})) {
      if (!isPublicPath(path)) continue;
      paths[path] = Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => [
          method,
          { ...withGatewayAnswers(operation), tags: [service] },
        ]),
      ) as (typeof paths)[string];
    }
    for (const [kind, entries] of Object.entries(document?.components ?? {}))
      components[kind] = { ...components[kind], ...entries };
  }
  const missing = services.filter((entry) => !entry.document).map((entry) => entry.service);
  return {
    openapi: '3.0.3',
    info: {
      title: 'Shop API (through the gateway)',
      version,
      description: [
        'Every public endpoint of the shop, grouped by the service that owns it. Sign in with',
        '`POST /api/v1/auth/login`, then use **Authorize** with the access token.',
        missing.length > 0 ? `\n\nNot answering right now: ${missing.join(', ')}.` : '',
      ].join(' '),
    },
    paths,
    components,
    tags: services.map(({ service }) => ({ name: service })),
  };
};
