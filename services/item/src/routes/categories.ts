import {
  CategoryDetails,
  CategorySlugParams,
  CategoryTree,
  CreateCategoryBody,
  UpdateCategoryBody,
} from '@shop/contracts';
import { allow, PUBLIC, problemResponses, type RoutesPlugin } from '@shop/platform';
import { z } from 'zod';
import {
  type CategoryDeps,
  categoryTree,
  createCategory,
  deleteCategory,
  updateCategory,
} from '../domain/category-catalog.js';

const tags = ['categories'];
const admin = allow({ roles: ['ADMIN'] });

export const categoryRoutes: RoutesPlugin<{ deps: CategoryDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/categories',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          'The category tree, depth-first, with each category’s own item count and its subtree’s total',
        response: { 200: CategoryTree },
      },
    },
    async () => await categoryTree(deps),
  );
  app.post(
    '/api/v1/categories',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a category, as a root or under an existing parent',
        body: CreateCategoryBody,
        response: { 201: CategoryDetails, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) =>
      await reply.status(201).send(await createCategory(deps, request.body)),
  );
  app.put(
    '/api/v1/categories/:slug',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'Rename a category (its slug never changes), and move it if `parent` is given (null: a root)',
        params: CategorySlugParams,
        body: UpdateCategoryBody,
        response: { 200: CategoryDetails, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => await updateCategory(deps, request.params.slug, request.body),
  );
  app.delete(
    '/api/v1/categories/:slug',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a category that has no subcategories and no items (else 409)',
        params: CategorySlugParams,
        response: {
          204: z.null().describe('Deleted'),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      await deleteCategory(deps, request.params.slug);
      return await reply.status(204).send(null);
    },
  );
};
