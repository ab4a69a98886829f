import { upstreams } from '@shop/platform';
import type { GatewayConfig } from '../config.js';
import { mergeApiDocs, type OpenApiDocument, type ServiceDocument } from '../domain/api-docs.js';
import { SERVICE_NAMES, type ServiceKey } from '../domain/routes.js';

const TIMEOUT_MS = 2_000;
const FRESH_FOR_MS = 30_000;

/** The service's document, from whichever replica answers (`baseUrl` may list several). */
const fetchDocument = async (baseUrl: string): Promise<OpenApiDocument | null> => {
  try {
    const response = await upstreams(baseUrl).fetch('/docs/json', {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return response.ok ? ((await response.json()) as OpenApiDocument) : null;
  } catch {
    return null;
  }
};

/**
 * The merged API document, kept in memory: Swagger UI reads it synchronously, and a read of a
 * document older than 30 s fetches every service's `/docs/json` again in the background (a
 * service started after the gateway shows up on the next page load).
 */
export const createApiDocs = (services: GatewayConfig['services'], version = '0.1.0') => {
  let current = mergeApiDocs([], version);
  let fetchedAt = 0;
  let refreshing: Promise<void> | null = null;

  const fetchAll = async () => {
    const entries = Object.entries(services) as [ServiceKey, string][];
    const documents: ServiceDocument[] = await Promise.all(
      entries.map(async ([key, url]) => ({
        service: SERVICE_NAMES[key],
        document: await fetchDocument(url),
      })),
    );
    current = mergeApiDocs(documents, version);
    fetchedAt = Date.now();
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
      if (Date.now() - fetchedAt > FRESH_FOR_MS) void refresh();
      return current;
    },
  };
};

export type ApiDocs = ReturnType<typeof createApiDocs>;
