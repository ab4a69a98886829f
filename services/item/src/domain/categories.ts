import type { CategoryNode, CreateCategoryBody, UpdateCategoryBody } from '@shop/contracts';
import { ConflictError, NotFoundError, UnprocessableError } from '@shop/platform/errors';

/** One category as stored: the slug is its stable id, `parent` the slug of its parent. */
export interface CategoryRecord {
  slug: string;
  name: string;
  parent: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Live items per category slug (an item counts for its own category only). */
export type CategoryCounts = ReadonlyMap<string, number>;

const bySlug = (categories: readonly CategoryRecord[], slug: string) =>
  categories.find((category) => category.slug === slug);

export const unknownCategory = (slug: string) =>
  new UnprocessableError('unknown-category', `There is no category ${slug}`, {
    extensions: { category: slug },
  });

const unknownParent = (slug: string) =>
  new UnprocessableError('unknown-parent', `There is no category ${slug} to be the parent`, {
    extensions: { parent: slug },
  });

export const categoryNotFound = (slug: string) => new NotFoundError(`No category ${slug}`);

/** Every category under `slug`, however deep (not `slug` itself). */
export const descendantsOf = (categories: readonly CategoryRecord[], slug: string) => {
  const found = new Set<string>();
  const queue = [slug];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const category of categories) {
      if (category.parent === next && !found.has(category.slug)) {
        found.add(category.slug);
        queue.push(category.slug);
      }
    }
  }
  return found;
};

/** The categories with a new one added; refuses a taken slug (409) or an unknown parent (422). */
export const addCategory = (
  categories: readonly CategoryRecord[],
  input: CreateCategoryBody,
  now: Date,
): CategoryRecord[] => {
  if (bySlug(categories, input.slug))
    throw new ConflictError('category-exists', `A category ${input.slug} already exists`, {
      extensions: { category: input.slug },
    });
  if (input.parent !== undefined && !bySlug(categories, input.parent))
    throw unknownParent(input.parent);
  const added = {
    slug: input.slug,
    name: input.name,
    parent: input.parent ?? null,
    createdAt: now,
    updatedAt: now,
  };
  return [...categories, added];
};

/** Where a change puts the category: its parent as it is, a new one, or none (a root). */
const parentAfter = (current: CategoryRecord, change: UpdateCategoryBody) =>
  change.parent === undefined ? current.parent : change.parent;

const checkParent = (categories: readonly CategoryRecord[], slug: string, parent: string) => {
  if (!bySlug(categories, parent)) throw unknownParent(parent);
  if (parent === slug || descendantsOf(categories, slug).has(parent))
    throw new UnprocessableError(
      'category-cycle',
      `Category ${slug} cannot go under ${parent}: that is itself or one of its descendants`,
      { extensions: { category: slug, parent } },
    );
};

/**
 * Renames a category, and moves it when the change names a parent. Its slug never changes, so the
 * items in it stay in it.
 */
export const changeCategory = (
  categories: readonly CategoryRecord[],
  slug: string,
  change: UpdateCategoryBody,
  now: Date,
): CategoryRecord[] => {
  const current = bySlug(categories, slug);
  if (!current) throw categoryNotFound(slug);
  if (change.slug !== undefined && change.slug !== slug)
    throw new UnprocessableError(
      'slug-immutable',
      `A category's slug never changes: ${slug} cannot become ${change.slug}`,
    );
  const parent = parentAfter(current, change);
  if (parent !== null && parent !== current.parent) checkParent(categories, slug, parent);
  return categories.map((category) =>
    category.slug === slug ? { ...category, name: change.name, parent, updatedAt: now } : category,
  );
};

/** The categories without `slug`; refused (409) while it has children or live items. */
export const removeCategory = (
  categories: readonly CategoryRecord[],
  slug: string,
  itemCount: number,
): CategoryRecord[] => {
  if (!bySlug(categories, slug)) throw categoryNotFound(slug);
  const children = categories.filter((category) => category.parent === slug).map((c) => c.slug);
  if (children.length > 0)
    throw new ConflictError(
      'category-has-children',
      `Category ${slug} has subcategories (${children.join(', ')}): delete or move them first`,
      { extensions: { category: slug, children } },
    );
  if (itemCount > 0) throw categoryHasItems(slug, itemCount);
  return categories.filter((category) => category.slug !== slug);
};

export const categoryHasItems = (slug: string, itemCount: number) =>
  new ConflictError(
    'category-has-items',
    `Category ${slug} still has ${itemCount} item(s): move or delete them first`,
    { extensions: { category: slug, items: itemCount } },
  );

/**
 * The categories with `removed` put back (a delete that found items after all), under its parent
 * if that still exists, else as a root; null when a category with its slug is there again.
 */
export const restoredCategory = (
  categories: readonly CategoryRecord[],
  removed: CategoryRecord,
): CategoryRecord[] | null => {
  if (bySlug(categories, removed.slug)) return null;
  const parent =
    removed.parent !== null && bySlug(categories, removed.parent) ? removed.parent : null;
  return [...categories, { ...removed, parent }];
};

/** "home-audio" → "Home audio": the name of a category adopted from an item's slug. */
export const nameFromSlug = (slug: string) => {
  const words = slug.split('-').filter((word) => word.length > 0);
  const text = words.join(' ') || slug;
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/**
 * Root categories for the slugs items use that no category has (items from before categories were
 * managed): afterwards every item names an existing category. Empty when none is missing.
 */
export const adoptedCategories = (
  categories: readonly CategoryRecord[],
  usedSlugs: Iterable<string>,
  now: Date,
): CategoryRecord[] => {
  const known = new Set(categories.map((category) => category.slug));
  return [...new Set(usedSlugs)]
    .filter((slug) => !known.has(slug))
    .sort()
    .map((slug) => ({
      slug,
      name: nameFromSlug(slug),
      parent: null,
      createdAt: now,
      updatedAt: now,
    }));
};

const byName = (a: CategoryRecord, b: CategoryRecord) =>
  a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug);

/** A category's own count plus the totals of its children. */
const totalOf = (
  slug: string,
  childrenOf: ReadonlyMap<string | null, CategoryRecord[]>,
  counts: CategoryCounts,
): number =>
  (counts.get(slug) ?? 0) +
  (childrenOf.get(slug) ?? []).reduce(
    (sum, child) => sum + totalOf(child.slug, childrenOf, counts),
    0,
  );

/**
 * The tree, flattened depth-first (each category right after its parent, siblings by name), with
 * each category's own item count and its subtree's total.
 */
export const flattenTree = (
  categories: readonly CategoryRecord[],
  counts: CategoryCounts,
): CategoryNode[] => {
  const childrenOf = new Map<string | null, CategoryRecord[]>();
  for (const category of [...categories].sort(byName)) {
    const siblings = childrenOf.get(category.parent) ?? [];
    siblings.push(category);
    childrenOf.set(category.parent, siblings);
  }
  const nodes: CategoryNode[] = [];
  const visit = (category: CategoryRecord, depth: number) => {
    nodes.push({
      slug: category.slug,
      name: category.name,
      parent: category.parent,
      depth,
      count: counts.get(category.slug) ?? 0,
      total: totalOf(category.slug, childrenOf, counts),
    });
    for (const child of childrenOf.get(category.slug) ?? []) visit(child, depth + 1);
  };
  for (const root of childrenOf.get(null) ?? []) visit(root, 0);
  return nodes;
};
