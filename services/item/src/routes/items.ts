import {
  Availability,
  CreateItemBody,
  InventoryAdjustmentBody,
  Item,
  ItemIdParams,
  ItemInput,
  ItemListQuery,
  ItemPage,
  UpcLookup,
  UpcLookupQuery,
  UpcParams,
} from '@shop/contracts';
import { allow, PUBLIC, problemResponses, type RoutesPlugin } from '@shop/platform';
import { z } from 'zod';
import {
  adjustInventory,
  availabilityOf,
  type CatalogDeps,
  createItem,
  deleteItem,
  getItemByUpc,
  lookUpUpcs,
  replaceItem,
} from '../domain/catalog.js';
import type { CatalogLists } from '../domain/catalog-lists.js';
import type { CatalogReads } from '../domain/catalog-reads.js';
import { type ItemRepresentation, matchesEtag, wantsRevalidation } from './item-representation.js';

const tags = ['catalog'];
/** A 304 has no body: undefined sends none (null would be serialised as `null`). */
const NO_BODY = undefined as unknown as null;
const admin = allow({ roles: ['ADMIN'] });

export interface ItemRoutesOptions {
  deps: CatalogDeps;
  /** First pages of `GET /items` answer from these (a read cache of pages). */
  lists: CatalogLists;
  /** `GET /items/{id}` answers from these (the read cache). */
  reads: CatalogReads<ItemRepresentation>;
  /** Cache-Control max-age of `GET /items/{id}`, seconds; 0 asks clients to revalidate. */
  maxAgeSeconds: number;
}

export const itemRoutes: RoutesPlugin<ItemRoutesOptions> = async (
  app,
  { deps, reads, lists, maxAgeSeconds },
) => {
  const cacheControl = maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : 'no-cache';
  app.get(
    '/api/v1/items',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          'Search the catalog (words of name and description, category, price range), newest first. A first page may be up to about a second old (stock is advisory; a hold decides)',
        querystring: ItemListQuery,
        response: { 200: ItemPage, ...problemResponses(400) },
      },
    },
    async (request) => await lists.page(request.query),
  );
  app.get(
    '/api/v1/items/:id',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          'One item. The stock shown is advisory (a hold decides), up to about a second old unless asked with Cache-Control: no-cache; strong ETag, If-None-Match answers 304',
        params: ItemIdParams,
        response: {
          200: Item,
          304: z.null().describe('Not modified: the ETag named in If-None-Match is current'),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const item = wantsRevalidation(request.headers['cache-control'])
        ? await reads.itemFromStore(id)
        : await reads.item(id);
      reply.header('etag', item.etag).header('cache-control', cacheControl);
      if (matchesEtag(request.headers['if-none-match'], item.etag))
        return await reply.status(304).send(NO_BODY);
      // Bytes made (and checked against Item) when cached: a string with a JSON type is sent
      // as it is, past the serializer; the type provider only knows the object form.
      const bytes = item.body as unknown as Item;
      return await reply.type('application/json; charset=utf-8').send(bytes);
    },
  );
  app.get(
    '/api/v1/items/upc/:upc',
    {
      config: PUBLIC,
      schema: { tags, params: UpcParams, response: { 200: Item, ...problemResponses(400, 404) } },
    },
    async (request) => await getItemByUpc(deps, request.params.upc),
  );
  app.get(
    '/api/v1/items/by-upc',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          'Items by UPC, up to 50 at once (`upcs=a,b,c`): the live ones found, and the UPCs no item has',
        querystring: UpcLookupQuery,
        response: { 200: UpcLookup, ...problemResponses(400) },
      },
    },
    async (request) => await lookUpUpcs(deps, request.query.upcs),
  );
  app.get(
    '/api/v1/items/:id/availability',
    {
      config: PUBLIC,
      schema: {
        tags,
        params: ItemIdParams,
        response: { 200: Availability, ...problemResponses(400, 404) },
      },
    },
    async (request) => await availabilityOf(deps, request.params.id),
  );
  app.post(
    '/api/v1/items',
    {
      config: admin,
      schema: {
        tags,
        body: CreateItemBody,
        response: { 201: Item, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => await reply.status(201).send(await createItem(deps, request.body)),
  );
  app.put(
    '/api/v1/items/:id',
    {
      config: admin,
      schema: {
        tags,
        params: ItemIdParams,
        body: ItemInput,
        response: { 200: Item, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => await replaceItem(deps, request.params.id, request.body),
  );
  app.delete(
    '/api/v1/items/:id',
    {
      config: admin,
      schema: {
        tags,
        params: ItemIdParams,
        response: {
          204: z.null().describe('Deleted'),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      await deleteItem(deps, request.params.id);
      return await reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/items/:id/inventory/adjustments',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Restock or shrink on-hand stock (never below what is reserved)',
        params: ItemIdParams,
        body: InventoryAdjustmentBody,
        response: { 200: Availability, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      request.log.info(
        { itemId: request.params.id, delta: request.body.delta, reason: request.body.reason },
        'inventory adjusted',
      );
      return await adjustInventory(deps, request.params.id, request.body.delta);
    },
  );
};
