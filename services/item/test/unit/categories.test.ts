import { CreateCategoryBody, CreateItemBody, UpdateCategoryBody } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { createItem, listItems, replaceItem } from '../../src/domain/catalog.js';
import {
  addCategory,
  adoptedCategories,
  type CategoryRecord,
  changeCategory,
  flattenTree,
  nameFromSlug,
  removeCategory,
} from '../../src/domain/categories.js';
import {
  adoptItemCategories,
  categoryTree,
  createCategory,
  deleteCategory,
} from '../../src/domain/category-catalog.js';
import { beforeNext, itemInput, world } from './world.js';

const NOW = new Date('2030-01-01T00:00:00Z');

const node = (slug: string, parent: string | null = null): CategoryRecord => ({
  slug,
  name: slug.toUpperCase(),
  parent,
  createdAt: NOW,
  updatedAt: NOW,
});

/** home > (audio > speakers), (kitchen); garden */
const shop = () => [
  node('home'),
  node('audio', 'home'),
  node('speakers', 'audio'),
  node('kitchen', 'home'),
  node('garden'),
];

describe('category rules', () => {
  it('when a category is added, then under an existing parent or as a root; a taken slug or unknown parent is refused', () => {
    const added = addCategory(shop(), { slug: 'lamps', name: 'Lamps', parent: 'home' }, NOW);
    expect(added.at(-1)).toMatchObject({ slug: 'lamps', parent: 'home' });
    expect(addCategory([], { slug: 'home', name: 'Home' }, NOW)).toMatchObject([{ parent: null }]);
    expect(() => addCategory(shop(), { slug: 'audio', name: 'Again' }, NOW)).toThrow(
      expect.objectContaining({ status: 409, code: 'category-exists' }),
    );
    expect(() => addCategory(shop(), { slug: 'x', name: 'X', parent: 'nope' }, NOW)).toThrow(
      expect.objectContaining({
        status: 422,
        code: 'unknown-parent',
        extensions: { parent: 'nope' },
      }),
    );
  });

  it('when a category is renamed, then only its name changes; an omitted parent keeps it in place', () => {
    const later = new Date(NOW.getTime() + 1_000);
    const renamed = changeCategory(shop(), 'audio', { name: 'Sound' }, later);
    expect(renamed.find((c) => c.slug === 'audio')).toEqual({
      ...node('audio', 'home'),
      name: 'Sound',
      updatedAt: later,
    });
    expect(renamed.filter((c) => c.slug !== 'audio')).toEqual(
      shop().filter((c) => c.slug !== 'audio'),
    );
  });

  it('when a category moves, then under any category outside its subtree, or to the root with null', () => {
    expect(changeCategory(shop(), 'audio', { name: 'A', parent: 'garden' }, NOW)).toContainEqual(
      expect.objectContaining({ slug: 'audio', parent: 'garden' }),
    );
    expect(changeCategory(shop(), 'speakers', { name: 'S', parent: null }, NOW)).toContainEqual(
      expect.objectContaining({ slug: 'speakers', parent: null }),
    );
    for (const parent of ['home', 'audio', 'speakers'])
      expect(() => changeCategory(shop(), 'home', { name: 'H', parent }, NOW), parent).toThrow(
        expect.objectContaining({
          status: 422,
          code: 'category-cycle',
        }),
      );
    expect(() => changeCategory(shop(), 'home', { name: 'H', parent: 'nope' }, NOW)).toThrow(
      expect.objectContaining({ code: 'unknown-parent' }),
    );
    expect(() => changeCategory(shop(), 'nope', { name: 'N' }, NOW)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => changeCategory(shop(), 'home', { slug: 'house', name: 'H' }, NOW)).toThrow(
      expect.objectContaining({ status: 422, code: 'slug-immutable' }),
    );
  });

  it('when a category is removed, then only if it has no children and no items', () => {
    expect(removeCategory(shop(), 'kitchen', 0).map((c) => c.slug)).not.toContain('kitchen');
    expect(() => removeCategory(shop(), 'audio', 0)).toThrow(
      expect.objectContaining({
        status: 409,
        code: 'category-has-children',
        extensions: expect.objectContaining({ children: ['speakers'] }),
      }),
    );
    expect(() => removeCategory(shop(), 'kitchen', 2)).toThrow(
      expect.objectContaining({ status: 409, code: 'category-has-items' }),
    );
    expect(() => removeCategory(shop(), 'nope', 0)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('when the tree is flattened, then depth-first, siblings by name, each with its own count and its subtree total', () => {
    const counts = new Map([
      ['home', 1],
      ['speakers', 4],
      ['kitchen', 2],
      ['gone', 7],
    ]);
    expect(
      flattenTree(shop(), counts).map(({ slug, depth, count, total }) => [
        slug,
        depth,
        count,
        total,
      ]),
    ).toEqual([
      ['garden', 0, 0, 0],
      ['home', 0, 1, 7],
      ['audio', 1, 0, 4],
      ['speakers', 2, 4, 4],
      ['kitchen', 1, 2, 2],
    ]);
  });

  it('when items use slugs no category has, then those become root categories named from the slug, once', () => {
    const adopted = adoptedCategories(shop(), ['home', 'home-audio', 'toys', 'toys'], NOW);
    expect(adopted).toEqual([
      { slug: 'home-audio', name: 'Home audio', parent: null, createdAt: NOW, updatedAt: NOW },
      { slug: 'toys', name: 'Toys', parent: null, createdAt: NOW, updatedAt: NOW },
    ]);
    expect(adoptedCategories([...shop(), ...adopted], ['toys'], NOW)).toEqual([]);
    expect(nameFromSlug('e2e')).toBe('E2e');
  });

  it('when slugs are checked, then lower-case letters, digits and dashes, 1 to 64, not starting with a dash', () => {
    for (const slug of ['a', 'home-audio', '4k-tv', `a${'-'.repeat(63)}`])
      expect(CreateCategoryBody.safeParse({ slug, name: 'N' }).success, slug).toBe(true);
    for (const slug of ['', 'Home', 'home_audio', 'home audio', '-a', 'é', 'a'.repeat(65)])
      expect(CreateCategoryBody.safeParse({ slug, name: 'N' }).success, slug).toBe(false);
    expect(UpdateCategoryBody.safeParse({ name: 'N', parent: null }).success).toBe(true);
    expect(CreateCategoryBody.safeParse({ slug: 'a', name: '  ' }).success).toBe(false);
  });
});

describe('category catalog', () => {
  it('when an item names an unknown category, then 422 naming it on create and replace, and nothing is written', async () => {
    const w = world();
    await expect(
      createItem(w.deps, CreateItemBody.parse(itemInput({ category: 'nope' }))),
    ).rejects.toMatchObject({
      status: 422,
      code: 'unknown-category',
      extensions: { category: 'nope' },
    });
    const item = await createItem(w.deps, CreateItemBody.parse(itemInput()));
    const { initialStock: _s, ...input } = CreateItemBody.parse(
      itemInput({ upc: item.upc, category: 'nope' }),
    );
    await expect(replaceItem(w.deps, item.id, input)).rejects.toMatchObject({
      code: 'unknown-category',
    });
    expect((await w.items.findById(item.id))?.category).toBe('audio');
    expect((await w.items.list({ words: [] }, { limit: 100 })).items).toHaveLength(1);
  });

  it('when another change lands between the read and the write, then the change is applied again on the new tree', async () => {
    const w = world();
    beforeNext(w.categories, 'write', () => createCategory(w.deps, { slug: 'toys', name: 'Toys' }));

    await createCategory(w.deps, { slug: 'games', name: 'Games', parent: 'audio' });

    const slugs = (await categoryTree(w.deps)).categories.map((c) => c.slug);
    expect(slugs).toEqual(['audio', 'games', 'toys']);
  });

  it('when the catalog is browsed by a category, then the items of it and its descendants come, no others', async () => {
    const w = world();
    await createCategory(w.deps, { slug: 'speakers', name: 'Speakers', parent: 'audio' });
    await createCategory(w.deps, { slug: 'toys', name: 'Toys' });
    const inAudio = await createItem(w.deps, CreateItemBody.parse(itemInput()));
    const inSpeakers = await createItem(
      w.deps,
      CreateItemBody.parse(itemInput({ category: 'speakers' })),
    );
    await createItem(w.deps, CreateItemBody.parse(itemInput({ category: 'toys' })));
    const ids = async (category: string) =>
      (await listItems(w.deps, { category, limit: 100 })).items.map((item) => item.id).sort();

    expect(await ids('audio')).toEqual([inAudio.id, inSpeakers.id].sort());
    expect(await ids('speakers')).toEqual([inSpeakers.id]);
    expect(await ids('nowhere')).toEqual([]);
  });

  it('when a category is deleted while it has items, then 409 and the tree is unchanged', async () => {
    const w = world();
    await createItem(w.deps, CreateItemBody.parse(itemInput()));
    const before = await w.categories.read();
    await expect(deleteCategory(w.deps, 'audio')).rejects.toMatchObject({
      status: 409,
      code: 'category-has-items',
    });
    expect(await w.categories.read()).toEqual(before);
  });

  it('when an item is created while its category is deleted, then one of them is refused and no item names a missing category', async () => {
    // The delete removes the category just before the item is written: the item is taken back.
    const late = world();
    beforeNext(late.items, 'insert', () => deleteCategory(late.deps, 'audio'));
    await expect(createItem(late.deps, CreateItemBody.parse(itemInput()))).rejects.toMatchObject({
      status: 422,
      code: 'unknown-category',
    });
    expect((await late.items.list({ words: [] }, { limit: 100 })).items).toEqual([]);

    // The item is written just before the delete removes the category: the delete counts it,
    // puts the category back and is refused.
    const early = world();
    let created: { id: string } | undefined;
    beforeNext(early.categories, 'write', async () => {
      created = await createItem(early.deps, CreateItemBody.parse(itemInput()));
    });
    await expect(deleteCategory(early.deps, 'audio')).rejects.toMatchObject({
      status: 409,
      code: 'category-has-items',
    });
    expect(created && (await early.items.findById(created.id))?.category).toBe('audio');
    expect((await categoryTree(early.deps)).categories).toMatchObject([
      { slug: 'audio', count: 1 },
    ]);
  });

  it('when an item moves to a category being deleted, then it keeps its old fields and the move is refused', async () => {
    const w = world();
    await createCategory(w.deps, { slug: 'toys', name: 'Toys' });
    const item = await createItem(w.deps, CreateItemBody.parse(itemInput()));
    const { initialStock: _s, ...input } = CreateItemBody.parse(
      itemInput({ upc: item.upc, category: 'toys', name: 'Moved' }),
    );
    beforeNext(w.items, 'replace', () => deleteCategory(w.deps, 'toys'));

    await expect(replaceItem(w.deps, item.id, input)).rejects.toMatchObject({
      code: 'unknown-category',
    });

    expect(await w.items.findById(item.id)).toMatchObject({ category: 'audio', name: item.name });
  });

  it('when categories are adopted twice, then the second time writes nothing', async () => {
    const w = world();
    await w.items.insert({
      ...(await createItem(w.deps, CreateItemBody.parse(itemInput()))),
      id: crypto.randomUUID(),
      upc: itemInput().upc,
      category: 'legacy',
      createdAt: NOW,
      updatedAt: NOW,
      inventory: { onHand: 0, reserved: 0, available: 0 },
    });
    expect(await adoptItemCategories(w.deps)).toEqual(['legacy']);
    const writes = w.categories.writes;
    expect(await adoptItemCategories(w.deps)).toEqual([]);
    expect(w.categories.writes).toBe(writes);
  });
});
