import type { Collection } from 'mongodb';
import type { CategoryRecord } from '../domain/categories.js';
import type { CategoryStore } from '../domain/ports.js';
import { isDuplicateKey } from './duplicate-key.js';

/**
 * The category tree in one document: a shop has hundreds of categories, not hundreds of
 * thousands (a category is about 150 bytes; the 16 MiB document limit is ~100 000 of them), and
 * one document makes every change a single atomic compare-and-set on `version` with no
 * multi-document transaction.
 */
export interface CategoryTreeDocument {
  _id: 'tree';
  version: number;
  categories: CategoryRecord[];
}

const TREE = 'tree' as const;

export const createCategoryRepository = (
  collection: Collection<CategoryTreeDocument>,
): CategoryStore => ({
  read: async () => {
    const doc = await collection.findOne({ _id: TREE });
    return doc
      ? { version: doc.version, categories: doc.categories }
      : { version: 0, categories: [] };
  },

  write: async (expected, categories) => {
    if (expected === 0) {
      // The first write creates the document; a concurrent first write loses on its _id.
      try {
        await collection.insertOne({ _id: TREE, version: 1, categories });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const result = await collection.updateOne(
      { _id: TREE, version: expected },
      { $set: { categories, version: expected + 1 } },
    );
    return result.modifiedCount === 1;
  },
});
