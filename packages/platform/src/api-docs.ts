import { PROBLEM_CONTENT_TYPE, Problem } from '@shop/contracts';
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './auth/access.js';
import { titleOf } from './errors.js';

/**
 * The one Problem schema of every API document: a component (`#/components/schemas/Problem`)
 * every error response refers to, in every service's document and in the gateway's merge.
 */
export const PROBLEM_SCHEMA_ID = 'Problem';
if (!z.globalRegistry.has(Problem)) z.globalRegistry.add(Problem, { id: PROBLEM_SCHEMA_ID });

/** `components.schemas` entry of the Problem schema, as the documents carry it. */
export const problemComponent = () => {
  const {
    $schema: _schema,
    id: _id,
    ...schema
  } = z.toJSONSchema(Problem, {
    target: 'openapi-3.0',
    io: 'output',
    // Not the global registry, where Problem's id would make it a reference to itself.
    metadata: z.registry<Record<string, unknown>>(),
  }) as Record<string, unknown>;
  return schema;
};

const RETRY_AFTER = {
  'retry-after': { type: 'integer', minimum: 1, description: 'Seconds to wait before retrying' },
};

/** A problem+json response entry of a route schema (Fastify's response schema by content type). */
export const problemResponse = (status: number) => ({
  description: titleOf(status),
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
  ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
});

/**
 * OpenAPI response entries for the problem+json errors a route answers besides those every
 * route gets (`errorStatuses`): 409, 422, 429. Any other status listed is harmless.
 */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, Problem])) as Record<number, typeof Problem>;

const hasEntries = (schema: unknown) =>
  schema !== undefined &&
  (!(schema instanceof z.ZodObject) || Object.keys(schema.shape).length > 0);

/**
 * The errors any route can answer, from what it declares: 400 and 422 when it validates anything
 * of the request (400: invalid per the document; 422: valid per it, but against a rule it names,
 * see problem.ts; 413 and 415 too when it takes a body), 401 and 403 unless it is public, 404 when its
 * path names a resource, and 503 always (a store or a peer that does not answer, see problem.ts).
 */
export const errorStatuses = (schema: FastifySchema, access: Access): number[] => {
  const statuses = new Set<number>([503]);
  const { body, querystring, params, headers } = schema;
  if ([body, querystring, params, headers].some(hasEntries)) {
    statuses.add(400);
    statuses.add(422);
  }
  if (body !== undefined) {
    statuses.add(413);
    statuses.add(415);
  }
  if (access !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (hasEntries(params)) statuses.add(404);
  return [...statuses];
};

const isClientOrServerError = (status: string) => /^[45]\d\d$/.test(status);

/**
 * The route schema with every error answer it can give documented as `application/problem+json`
 * with the shared Problem schema: those `errorStatuses` finds, and those the route lists itself
 * (`problemResponses`). Routes without a response schema, and hidden ones, are left alone.
 */
export const documentErrors = (schema: FastifySchema, access: Access): FastifySchema => {
  const declared = schema.response as Record<string, unknown> | undefined;
  if (!declared || schema.hide) return schema;
  const statuses = new Set([
    ...errorStatuses(schema, access).map(String),
    ...Object.keys(declared).filter(isClientOrServerError),
  ]);
  const response: Record<string, unknown> = { ...declared };
  for (const status of statuses) response[status] = problemResponse(Number(status));
  return { ...schema, response };
};

type SchemaTransform = typeof jsonSchemaTransform;

/**
 * zod's transform of a route schema to OpenAPI, and then: a 204 has no body, so it documents no
 * content (zod's `z.null()` would otherwise read as a JSON body).
 */
export const apiDocTransform: SchemaTransform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const { response } = transformed.schema as {
    response?: Record<string, { type?: string; description?: string }>;
  };
  if (response?.['204'])
    response['204'] = { type: 'null', description: response['204'].description ?? 'No Content' };
  return transformed;
};
