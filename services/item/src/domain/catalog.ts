import type { CreateItemBody, ItemInput, ItemListQuery } from '@shop/contracts';
import { ConflictError, NotFoundError } from '@shop/platform/errors';
import { unknownCategory } from './categories.js';
import { categoryExists, requireCategory, subtreeOf } from './category-catalog.js';
import type { ItemRecord } from './model.js';
import type { CategoryStore, ItemStore } from './ports.js';
import { facetsOf, filterOf, relevancePage, wantsFacets } from './search.js';

export interface CatalogDeps {
  items: ItemStore;
  /** An item must name an existing category (422 `unknown-category`), on create and replace. */
  categories: CategoryStore;
  now: () => Date;
}

const notFound = (what: string) => new NotFoundError(`No item ${what}`);
const duplicateUpc = (upc: string) =>
  new ConflictError('duplicate-upc', `An item with UPC ${upc} already exists`);

export const toPublicItem = (item: ItemRecord) => ({
  ...item,
  createdAt: item.createdAt.toISOString(),
  updatedAt: item.updatedAt.toISOString(),
});

export const createItem = async (deps: CatalogDeps, { initialStock, ...input }: CreateItemBody) => {
  await requireCategory(deps.categories, input.category);
  const now = deps.now();
  const item: ItemRecord = {
    ...input,
    id: crypto.randomUUID(),
    inventory: { onHand: initialStock, reserved: 0, available: initialStock },
    createdAt: now,
    updatedAt: now,
  };
  if ((await deps.items.insert(item)) === 'duplicate-upc') throw duplicateUpc(input.upc);
  // A delete of the category may have counted its items just before this insert: checked again
  // after it, the item is taken back if its category is gone (see deleteCategory).
  if (!(await categoryExists(deps.categories, input.category))) {
    await deps.items.delete(item.id, deps.now());
    throw unknownCategory(input.category);
  }
  return toPublicItem(item);
};

export const replaceItem = async (deps: CatalogDeps, id: string, input: ItemInput) => {
  await requireCategory(deps.categories, input.category);
  const before = await deps.items.findById(id);
  const item = await deps.items.replace(id, { ...input, updatedAt: deps.now() });
  if (item === 'missing') throw notFound(id);
  if (item === 'duplicate-upc') throw duplicateUpc(input.upc);
  // As for a new item: if the category was deleted meanwhile, the item gets its fields back.
  if (before && !(await categoryExists(deps.categories, input.category))) {
    const { id: _id, inventory: _inventory, createdAt: _createdAt, ...fields } = before;
    await deps.items.replace(id, { ...fields, updatedAt: deps.now() });
    throw unknownCategory(input.category);
  }
  return toPublicItem(item);
};

export const deleteItem = async (deps: CatalogDeps, id: string) => {
  const outcome = await deps.items.delete(id, deps.now());
  if (outcome === 'missing') throw notFound(id);
  if (outcome === 'held')
    throw new ConflictError('item-held', `Item ${id} has active holds and cannot be deleted`);
};

export const getItem = async (deps: CatalogDeps, id: string) => {
  const item = await deps.items.findById(id);
  if (!item) throw notFound(id);
  return toPublicItem(item);
};

export const getItemByUpc = async (deps: CatalogDeps, upc: string) => {
  const item = await deps.items.findByUpc(upc);
  if (!item) throw notFound(`with UPC ${upc}`);
  return toPublicItem(item);
};

/**
 * Items by UPC, many at once (an order placed by UPC): the live items with those UPCs, and the
 * UPCs that name no live item (a deleted item's UPC is unknown), in the order asked.
 */
export const lookUpUpcs = async (deps: CatalogDeps, upcs: string[]) => {
  const found = await deps.items.findByUpcs(upcs);
  const byUpc = new Map(found.map((item) => [item.upc, item]));
  return {
    items: upcs.flatMap((upc) => {
      const item = byUpc.get(upc);
      return item ? [toPublicItem(item)] : [];
    }),
    unknown: upcs.filter((upc) => !byUpc.has(upc)),
  };
};

/**
 * Items newest first, or by relevance when `q` has words; with the facets of the matches when
 * the query searches or filters (see search.ts).
 */
export const listItems = async (deps: CatalogDeps, query: ItemListQuery) => {
  // A category stands for its subtree, as its count in GET /categories does.
  const inCategories =
    query.category === undefined ? undefined : await subtreeOf(deps.categories, query.category);
  const filter = filterOf(query, inCategories);
  const paging = { limit: query.limit, cursor: query.cursor };
  const [page, facets] = await Promise.all([
    filter.words.length > 0
      ? relevancePage(deps.items, filter, paging)
      : deps.items.list(filter, paging),
    wantsFacets(query) ? facetsOf(deps.items, filter) : undefined,
  ]);
  return {
    items: page.items.map(toPublicItem),
    nextCursor: page.nextCursor,
    ...(facets ? { facets } : {}),
  };
};

export const availabilityOf = async (deps: CatalogDeps, id: string) => {
  const item = await deps.items.findById(id);
  if (!item) throw notFound(id);
  return { itemId: id, ...item.inventory };
};

/**
 * What must be available (unreserved) for an adjustment to apply: a shrink may only take stock
 * nobody holds, so onHand never falls below reserved; a restock needs nothing.
 */
export const availableNeededFor = (delta: number) => Math.max(0, -delta);

/** Restock (delta > 0) or shrink (delta < 0); onHand can never fall below reserved. */
export const adjustInventory = async (deps: CatalogDeps, id: string, delta: number) => {
  const outcome = await deps.items.adjust(id, delta, availableNeededFor(delta), deps.now());
  if (!outcome) throw notFound(id);
  if (outcome === 'refused') {
    throw new ConflictError(
      'insufficient-stock',
      `Cannot remove ${-delta} from item ${id}: only unreserved stock can be removed`,
    );
  }
  return { itemId: id, ...outcome.inventory };
};
