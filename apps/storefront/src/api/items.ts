import type { CreateItemBody, Item, PriceBandKey, SearchFacets } from '@shop/contracts';
import { api } from './client';

/** `facets` come with a search or a filtered listing: counts over every match. */
export type ItemPage = { items: Item[]; nextCursor: string | null; facets?: SearchFacets };
/** Stock of one item after an adjustment. */
export type Availability = { itemId: string; available: number; onHand: number; reserved: number };
export type ItemQuery = {
  q?: string;
  category?: string;
  priceBand?: PriceBandKey;
  limit?: number;
  cursor?: string;
};

export const listItems = (query: ItemQuery, signal?: AbortSignal) =>
  api<ItemPage>('/items', { query, ...(signal ? { signal } : {}) });

export const getItem = (id: string) => api<Item>(`/items/${encodeURIComponent(id)}`);

export const createItem = (body: CreateItemBody) => api<Item>('/items', { method: 'POST', body });

export const adjustInventory = (id: string, delta: number, reason: string) =>
  api<Availability>(`/items/${encodeURIComponent(id)}/inventory/adjustments`, {
    method: 'POST',
    body: { delta, reason },
  });
