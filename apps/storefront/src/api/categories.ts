import type { CategoryNode, CreateCategoryBody } from '@shop/contracts';
import { api } from './client';

/** One category of the tree: own item count, subtree total, depth (0 for a root). */
export type Category = CategoryNode;
type CategoryDetails = Pick<CategoryNode, 'slug' | 'name' | 'parent'>;

/** The tree, depth-first: every category right after its parent, siblings by name. */
export const listCategories = () =>
  api<{ categories: Category[] }>('/categories').then((body) => body.categories);

export const createCategory = (body: CreateCategoryBody) =>
  api<CategoryDetails>('/categories', { method: 'POST', body });

/** Renames; the slug (what items name) never changes, the parent stays. */
export const renameCategory = (slug: string, name: string) =>
  api<CategoryDetails>(`/categories/${encodeURIComponent(slug)}`, {
    method: 'PUT',
    body: { name },
  });

/** Refused (409) while the category has subcategories or items. */
export const deleteCategory = (slug: string) =>
  api<null>(`/categories/${encodeURIComponent(slug)}`, { method: 'DELETE' });
