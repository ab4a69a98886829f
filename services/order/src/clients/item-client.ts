import { Hold, Item, type ShortLine } from '@shop/contracts';
import {
  ConflictError,
  type ServiceTokenProvider,
  UnavailableError,
  upstreams,
} from '@shop/platform';
import type { Inventory } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/**
 * item-service over HTTP with a SERVICE token; transport failures become 503 for our caller.
 * `baseUrl` may list replicas: a call one cannot take goes to the next (every call is keyed by
 * the order, so sending it twice is safe).
 */
export const createItemClient = (baseUrl: string, token: ServiceTokenProvider): Inventory => {
  const itemService = upstreams(baseUrl);
  const call = async (method: string, path: string, body?: unknown) => {
    try {
      return await itemService.fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${await token()}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : null,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new UnavailableError('item-service is unreachable; try again', { cause: error });
    }
  };
  const unexpected = (what: string, status: number) =>
    new UnavailableError(`item-service could not ${what} (status ${status}); try again`);

  const holdOutcome = async (response: Response, what: string) => {
    if (response.status === 200 || response.status === 201) {
      Hold.parse(await response.json());
      return { ok: true as const };
    }
    if (response.status === 409) {
      const problem = (await response.json()) as { shortLines?: ShortLine[]; detail?: string };
      if (problem.shortLines) return { ok: false as const, shortLines: problem.shortLines };
      // The hold is no longer HELD (committed, released, expired): a fact, not an outage.
      throw new ConflictError('hold-not-held', problem.detail ?? `item-service refused to ${what}`);
    }
    throw unexpected(what, response.status);
  };

  return {
    item: async (itemId) => {
      const response = await call('GET', `/api/v1/items/${itemId}`);
      if (response.status === 404) return null;
      if (!response.ok) throw unexpected('read an item', response.status);
      return Item.parse(await response.json());
    },
    placeHold: async (orderId, lines, ttlSeconds) =>
      await holdOutcome(
        await call('POST', '/api/v1/inventory/holds', { orderId, lines, ttlSeconds }),
        'place the hold',
      ),
    changeHold: async (orderId, lines) =>
      await holdOutcome(
        await call('PUT', `/api/v1/inventory/holds/${orderId}`, { lines }),
        'change the hold',
      ),
    releaseHold: async (orderId) => {
      const response = await call('DELETE', `/api/v1/inventory/holds/${orderId}`);
      if (!response.ok && response.status !== 404)
        throw unexpected('release the hold', response.status);
    },
  };
};
