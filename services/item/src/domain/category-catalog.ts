import type { CreateCategoryBody, UpdateCategoryBody } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import {
  addCategory,
  adoptedCategories,
  type CategoryRecord,
  categoryHasItems,
  changeCategory,
  descendantsOf,
  flattenTree,
  removeCategory,
  restoredCategory,
  unknownCategory,
} from './categories.js';
import type { CategoryStore, ItemStore } from './ports.js';

export interface CategoryDeps {
  categories: CategoryStore;
  items: ItemStore;
  now: () => Date;
}

/** Writes lost to a concurrent change are tried again on a fresh read, this many times in all. */
const ATTEMPTS = 16;

/**
 * Applies `change` to the tree as read and writes the result if nobody wrote in between; reads
 * and tries again otherwise. `change` returns null when there is nothing to write; it throws to
 * refuse, and then nothing is written.
 */
const changeTree = async (
  store: CategoryStore,
  change: (categories: readonly CategoryRecord[]) => CategoryRecord[] | null,
) => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const { version, categories } = await store.read();
    const next = change(categories);
    if (next === null) return categories;
    if (await store.write(version, next)) return next;
  }
  throw new ConflictError(
    'categories-busy',
    'The categories kept changing while this change was applied: try again',
    { retryAfterSeconds: 1 },
  );
};

const details = (categories: readonly CategoryRecord[], slug: string) => {
  const category = categories.find((candidate) => candidate.slug === slug);
  if (!category) throw new Error(`category ${slug} vanished from the tree just written`);
  return { slug: category.slug, name: category.name, parent: category.parent };
};

/** Live items per category slug: one aggregation over the items' category index. */
const countsOf = async (items: ItemStore) =>
  new Map((await items.categories()).map(({ name, count }) => [name, count]));

export const createCategory = async (deps: CategoryDeps, input: CreateCategoryBody) => {
  const now = deps.now();
  const written = await changeTree(deps.categories, (categories) =>
    addCategory(categories, input, now),
  );
  return details(written, input.slug);
};

export const updateCategory = async (
  deps: CategoryDeps,
  slug: string,
  change: UpdateCategoryBody,
) => {
  const now = deps.now();
  const written = await changeTree(deps.categories, (categories) =>
    changeCategory(categories, slug, change, now),
  );
  return details(written, slug);
};

/**
 * Removes the category (refused while it has subcategories), then counts its items: if any, it
 * is put back and the delete refused (409). An item written concurrently is either counted here,
 * or was written after the removal and finds its category gone when it checks again (catalog.ts),
 * so no item is left naming a deleted category.
 */
export const deleteCategory = async (deps: CategoryDeps, slug: string) => {
  const before = (await countsOf(deps.items)).get(slug) ?? 0;
  let removed: CategoryRecord | undefined;
  await changeTree(deps.categories, (categories) => {
    removed = categories.find((category) => category.slug === slug);
    return removeCategory(categories, slug, before);
  });
  const items = (await countsOf(deps.items)).get(slug) ?? 0;
  if (items > 0 && removed) {
    const restore = removed;
    await changeTree(deps.categories, (categories) => restoredCategory(categories, restore));
    throw categoryHasItems(slug, items);
  }
};

/** The tree with counts: the stored tree and one aggregation of the items, whatever its size. */
export const categoryTree = async (deps: CategoryDeps) => {
  const [{ categories }, counts] = await Promise.all([
    deps.categories.read(),
    countsOf(deps.items),
  ]);
  return { categories: flattenTree(categories, counts) };
};

export const categoryExists = async (store: CategoryStore, slug: string) =>
  (await store.read()).categories.some((category) => category.slug === slug);

/** Refuses (422 `unknown-category`) an item whose category does not exist. */
export const requireCategory = async (store: CategoryStore, slug: string) => {
  if (!(await categoryExists(store, slug))) throw unknownCategory(slug);
};

/**
 * Start-up migration: a root category for every slug live items use that no category has (items
 * from before categories were managed), so every item names an existing category. Idempotent,
 * and safe with several replicas starting at once (the write is a compare-and-set).
 * @returns the slugs adopted.
 */
export const adoptItemCategories = async (deps: CategoryDeps) => {
  const used = [...(await countsOf(deps.items)).keys()];
  const now = deps.now();
  let adopted: string[] = [];
  await changeTree(deps.categories, (categories) => {
    const missing = adoptedCategories(categories, used, now);
    adopted = missing.map((category) => category.slug);
    return missing.length > 0 ? [...categories, ...missing] : null;
  });
  return adopted;
};

/** A category and all its descendants: browsing a category lists the items of its subtree. */
export const subtreeOf = async (store: CategoryStore, slug: string) => {
  const { categories } = await store.read();
  return [slug, ...descendantsOf(categories, slug)];
};
