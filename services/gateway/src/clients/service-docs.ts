import { serviceClient } from '@shop/platform';
import { z } from 'zod';
import type { GatewayConfig } from '../config.js';
import { mergeApiDocs, type OpenApiDocument, type ServiceDocument } from '../domain/api-docs.js';
import { SERVICE_NAMES, type ServiceKey } from '../domain/routes.js';

const TIMEOUT_MS = 2_000;
const FRESH_FOR_MS = 30_000;
/** A document missing a service (one slow to answer at start-up) is fetched again sooner. */
const INCOMPLETE_FOR_MS = 2_000;

/** What makes a body an OpenAPI document; the merge reads the rest as it finds it. */
const OpenApiJson = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string() }) })
  .transform((document) => document as unknown as OpenApiDocument);

/**
 * Each service's document, from whichever replica answers (its URL may list several); null
 * when it cannot be had: the merged document then says which service is missing.
 */
const documentSource = (service: string, baseUrl: string) => {
  const client = serviceClient(service, baseUrl, { timeoutMs: TIMEOUT_MS });
  return async (): Promise<OpenApiDocument | null> =>
    await client.call('/docs/json', { response: OpenApiJson }).catch(() => null);
};

/**
 * The merged API document, kept in memory: Swagger UI reads it synchronously, and a read of a
 * document older than 30 s (2 s when a service was missing from it) fetches every service's
 * `/docs/json` again in the background (a service started after the gateway shows up on the
 * next page load).
 */
export const createApiDocs = (services: GatewayConfig['services'], version = '0.1.0') => {
  let current = mergeApiDocs([], version);
  let freshUntil = 0;
  let refreshing: Promise<void> | null = null;

  const sources = (Object.entries(services) as [ServiceKey, string][]).map(([key, url]) => ({
    service: SERVICE_NAMES[key],
    fetch: documentSource(SERVICE_NAMES[key], url),
  }));

  const fetchAll = async () => {
    const documents: ServiceDocument[] = await Promise.all(
      sources.map(async ({ service, fetch }) => ({ service, document: await fetch() })),
    );
    current = mergeApiDocs(documents, version);
    const complete = documents.every(({ document }) => document !== null);
    freshUntil = Date.now() + (complete ? FRESH_FOR_MS : INCOMPLETE_FOR_MS);
  };
  /** One fetch at a time; callers arriving meanwhile share it. */
  const refresh = async () => {
    refreshing ??= fetchAll().finally(() => {
      refreshing = null;
    });
    await refreshing;
  };

  return {
    /** Fetches now (at start-up, and in tests); resolves when the document is current. */
    refresh,
    current: () => {
      if (Date.now() > freshUntil) void refresh();
      return current;
    },
  };
};

export type ApiDocs = ReturnType<typeof createApiDocs>;
