import type { SearchFacets } from '@shop/contracts';

/** What the facet panel needs of the category tree. */
export interface CategoryRef {
  slug: string;
  name: string;
  parent: string | null;
}

export interface CategoryFacetOption {
  slug: string;
  /** The category's name as shoppers know it; its slug if the tree does not have it (yet). */
  label: string;
  count: number;
  chosen: boolean;
}

/** `slug` and every category below it in the tree. */
const subtreeOf = (tree: CategoryRef[], slug: string) => {
  const found = new Set([slug]);
  // The tree is small (hundreds); grow the set until a pass adds nothing.
  for (let grew = true; grew; ) {
    grew = false;
    for (const category of tree)
      if (category.parent && found.has(category.parent) && !found.has(category.slug)) {
        found.add(category.slug);
        grew = true;
      }
  }
  return found;
};

/**
 * The category options of the facet panel. The search counts matches per item category, but
 * choosing a category lists its whole subtree: each option therefore counts the matches of its
 * subtree, so it says what choosing it gives. A chosen category with no matches of its own (a
 * parent, as when browsing the tree) comes first, so it can be let go from the panel like any
 * chosen facet. Counts ignore the chosen category (as the search counts them), so each option
 * shows what choosing it instead would give. Most matches first.
 */
export const categoryFacetOptions = (
  counted: SearchFacets['categories'],
  tree: CategoryRef[],
  chosen: string,
): CategoryFacetOption[] => {
  const names = new Map(tree.map((category) => [category.slug, category.name]));
  const option = (slug: string): CategoryFacetOption => {
    const below = subtreeOf(tree, slug);
    return {
      slug,
      label: names.get(slug) ?? slug,
      count: counted.reduce((sum, entry) => sum + (below.has(entry.name) ? entry.count : 0), 0),
      chosen: slug === chosen,
    };
  };
  const options = counted.map((entry) => option(entry.name)).sort((a, b) => b.count - a.count);
  if (!chosen || options.some((entry) => entry.chosen)) return options;
  return [option(chosen), ...options];
};
