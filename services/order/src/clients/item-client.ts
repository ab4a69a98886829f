import { Hold, Item, ShortLine, UpcLookup } from '@shop/contracts';
import {
  type CircuitBreakers,
  ConflictError,
  isRefusal,
  type ServiceTokenProvider,
  serviceClient,
} from '@shop/platform';
import type { HoldOutcome, Inventory } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/**
 * A hold call's outcome: placed or changed; refused for short stock (409 with its lines); or a
 * hold no longer HELD (committed, released, expired), a fact and not an outage.
 */
const holdOutcome = async (call: Promise<unknown>, what: string): Promise<HoldOutcome> => {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    if (!isRefusal(error, 409)) throw error;
    const shortLines = ShortLine.array().safeParse(error.problem?.shortLines).data;
    if (shortLines) return { ok: false, shortLines };
    throw new ConflictError(
      'hold-not-held',
      error.problem?.detail ?? `item-service refused to ${what}`,
    );
  }
};

/**
 * item-service over HTTP with a SERVICE token (see `serviceClient`: no answer is a 503 for our
 * caller). `baseUrl` may list replicas: a call one cannot take goes to the next (every call is
 * keyed by the order, so sending it twice is safe).
 */
export const createItemClient = (
  baseUrl: string,
  token: ServiceTokenProvider,
  breakers?: CircuitBreakers,
): Inventory => {
  const itemService = serviceClient('item-service', baseUrl, {
    timeoutMs: TIMEOUT_MS,
    token,
    breakers,
  });
  return {
    // Prices are a snapshot at order time: past item-service's read cache, which may be up to a
    // second behind a change made on another of its replicas.
    item: async (itemId) =>
      await itemService.find(`/api/v1/items/${itemId}`, {
        response: Item,
        headers: { 'cache-control': 'no-cache' },
      }),
    itemsByUpc: async (upcs) => {
      const query = new URLSearchParams({ upcs: upcs.join(',') });
      const found = await itemService.call(`/api/v1/items/by-upc?${query}`, {
        response: UpcLookup,
      });
      return found.items;
    },
    placeHold: async (orderId, lines, ttlSeconds) =>
      await holdOutcome(
        itemService.call('/api/v1/inventory/holds', {
          method: 'POST',
          body: { orderId, lines, ttlSeconds },
          response: Hold,
        }),
        'place the hold',
      ),
    changeHold: async (orderId, lines) =>
      await holdOutcome(
        itemService.call(`/api/v1/inventory/holds/${orderId}`, {
          method: 'PUT',
          body: { lines },
          response: Hold,
        }),
        'change the hold',
      ),
    releaseHold: async (orderId) => {
      // No hold (404) is what releasing wants.
      await itemService
        .call(`/api/v1/inventory/holds/${orderId}`, { method: 'DELETE' })
        .catch((error: unknown) => {
          if (!isRefusal(error, 404)) throw error;
        });
    },
  };
};
