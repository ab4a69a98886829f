import { z } from 'zod';
import { Text } from './primitives.js';

/**
 * A category's stable id: 1 to 64 lower-case letters, digits and dashes, starting with a letter or
 * a digit. Items name their category by it; renaming a category never changes it.
 */
export const CategorySlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    error: 'must be a lower-case slug such as home-audio (a-z, 0-9, -; at most 64)',
  })
  .describe('1 to 64 of a-z, 0-9 and -, starting with a letter or a digit, e.g. home-audio');

export const CategoryName = Text(100);

export const CreateCategoryBody = z.strictObject({
  slug: CategorySlug,
  name: CategoryName,
  parent: CategorySlug.optional().describe('The parent category (must exist); absent: a root'),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;

/**
 * A rename, and optionally a move: `parent` absent keeps the category where it is, `null` makes it
 * a root, a slug moves it under that category (never under itself or one of its descendants).
 * `slug`, if sent, must be the one in the path: the slug never changes.
 */
export const UpdateCategoryBody = z.strictObject({
  slug: CategorySlug.optional(),
  name: CategoryName,
  parent: CategorySlug.nullable().optional(),
});
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;

export const CategorySlugParams = z.strictObject({ slug: CategorySlug });

export const CategoryNode = z.object({
  slug: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  /** 0 for a root. */
  depth: z.int(),
  count: z.int().describe('Live items whose category is this one'),
  total: z.int().describe('Live items in this category and all its descendants'),
});
export type CategoryNode = z.infer<typeof CategoryNode>;

/** A category as POST and PUT answer it. */
export const CategoryDetails = CategoryNode.omit({ depth: true, count: true, total: true });

/**
 * The category tree, flattened depth-first: every category follows its parent, siblings in name
 * order, `depth` says how far down it is.
 */
export const CategoryTree = z.object({ categories: z.array(CategoryNode) });
export type CategoryTree = z.infer<typeof CategoryTree>;
