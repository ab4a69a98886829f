import { ItemPage } from '@shop/contracts';
import { type CircuitBreakers, serviceClient } from '@shop/platform';
import type { Catalog, CatalogItem } from '../domain/ports.js';

const TIMEOUT_MS = 3_000;

/**
 * item-service's public catalog, from one of its replicas: one request for a cart's items. Any
 * answer but the page is a 503 for our caller (see `serviceClient`).
 */
export const createCatalogClient = (baseUrl: string, breakers?: CircuitBreakers): Catalog => {
  const itemService = serviceClient('item-service', baseUrl, { timeoutMs: TIMEOUT_MS, breakers });
  return {
    items: async (ids) => {
      const path = `/api/v1/items?limit=100&ids=${ids.map(encodeURIComponent).join(',')}`;
      const page = await itemService.call(path, { response: ItemPage });
      return new Map(
        page.items.map((item): [string, CatalogItem] => [
          item.id,
          {
            id: item.id,
            name: item.name,
            upc: item.upc,
            unitPrice: item.unitPrice,
            currency: item.currency,
            picture: item.pictures[0] ?? null,
            available: item.inventory.available,
          },
        ]),
      );
    },
  };
};
