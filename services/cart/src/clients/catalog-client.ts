import { ItemPage } from '@shop/contracts';
import { UnavailableError, upstreams } from '@shop/platform';
import type { Catalog, CatalogItem } from '../domain/ports.js';

const TIMEOUT_MS = 3_000;

/** item-service's public catalog, from one of its replicas: one request for a cart's items. */
export const createCatalogClient = (baseUrl: string): Catalog => {
  const itemService = upstreams(baseUrl);
  return {
    items: async (ids) => {
      const path = `/api/v1/items?limit=100&ids=${ids.map(encodeURIComponent).join(',')}`;
      let response: Response;
      try {
        response = await itemService.fetch(path, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      } catch (error) {
        throw new UnavailableError('item-service is unreachable; try again', { cause: error });
      }
      if (!response.ok) {
        throw new UnavailableError(`item-service answered ${response.status}; try again`);
      }
      const page = ItemPage.parse(await response.json());
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
