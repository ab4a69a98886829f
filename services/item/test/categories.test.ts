import { describe, expect, it } from 'vitest';
import { createCategoryRepository } from '../src/data/category-repository.js';
import { prepareItemDb } from '../src/data/indexes.js';
import { adoptItemCategories } from '../src/domain/category-catalog.js';
import { bearer, createItem, ensureCategory, itemBody, useItemService } from './support.js';

const harness = useItemService();

/** A slug of the test's own (the suite's tree is shared by its tests). */
const slugOf = (word: string) => `${word}-${crypto.randomUUID().slice(0, 8)}`;

const asAdmin = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  harness.app.inject({ method, url, headers: bearer(harness.adminToken), payload });

const tree = async () =>
  (await harness.app.inject({ method: 'GET', url: '/api/v1/categories' })).json().categories as {
    slug: string;
    name: string;
    parent: string | null;
    depth: number;
    count: number;
    total: number;
  }[];

const nodeOf = async (slug: string) => (await tree()).find((node) => node.slug === slug);

describe('categories', () => {
  it('when an ADMIN builds a tree and items go in, then the tree comes depth-first with own counts and subtree totals', async () => {
    const [home, audio, speakers] = [slugOf('home'), slugOf('audio'), slugOf('speakers')];
    expect(
      (await asAdmin('POST', '/api/v1/categories', { slug: home, name: 'Home' })).statusCode,
    ).toBe(201);
    const child = await asAdmin('POST', '/api/v1/categories', {
      slug: audio,
      name: 'Audio',
      parent: home,
    });
    expect(child.statusCode).toBe(201);
    expect(child.json()).toEqual({ slug: audio, name: 'Audio', parent: home });
    await ensureCategory(harness, speakers, audio);
    await createItem(harness, { category: home });
    await createItem(harness, { category: audio });
    await createItem(harness, { category: speakers });
    const gone = await createItem(harness, { category: speakers });
    await asAdmin('DELETE', `/api/v1/items/${gone.id}`);

    const nodes = (await tree()).filter((node) => [home, audio, speakers].includes(node.slug));

    expect(nodes).toEqual([
      { slug: home, name: 'Home', parent: null, depth: 0, count: 1, total: 3 },
      { slug: audio, name: 'Audio', parent: home, depth: 1, count: 1, total: 2 },
      { slug: speakers, name: `Category ${speakers}`, parent: audio, depth: 2, count: 1, total: 1 },
    ]);
    // Browsing a category lists its subtree's items, as its total counts them.
    const listed = async (slug: string) =>
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items?category=${slug}` }))
        .json()
        .items.map((item: { category: string }) => item.category);
    expect(await listed(speakers)).toEqual([speakers]);
    expect((await listed(audio)).sort()).toEqual([audio, speakers].sort());
    expect((await listed(home)).sort()).toEqual([home, audio, speakers].sort());
  });

  it('when an item names a category that does not exist, then 422 naming it, on create and on update, and nothing changes', async () => {
    const missing = slugOf('nowhere');
    const body = itemBody({ category: missing });
    const created = await asAdmin('POST', '/api/v1/items', body);
    expect(created.statusCode).toBe(422);
    expect(created.headers['content-type']).toMatch(/problem\+json/);
    expect(created.json()).toMatchObject({ code: 'unknown-category', category: missing });
    expect(created.json().detail).toContain(missing);
    const byUpc = await harness.app.inject({ method: 'GET', url: `/api/v1/items/upc/${body.upc}` });
    expect(byUpc.statusCode).toBe(404);

    const item = await createItem(harness, { category: slugOf('real') });
    const { initialStock: _stock, ...replacement } = itemBody({ upc: item.upc, category: missing });
    const updated = await asAdmin('PUT', `/api/v1/items/${item.id}`, replacement);
    expect(updated.statusCode).toBe(422);
    expect(updated.json()).toMatchObject({ code: 'unknown-category', category: missing });
    const after = await harness.app.inject({ method: 'GET', url: `/api/v1/items/${item.id}` });
    expect(after.json().category).not.toBe(missing);
  });

  it('when a category with items or subcategories is deleted, then 409 and it stays; an empty leaf goes', async () => {
    const [parent, leaf, stocked] = [slugOf('parent'), slugOf('leaf'), slugOf('stocked')];
    await ensureCategory(harness, parent);
    await ensureCategory(harness, leaf, parent);
    await createItem(harness, { category: stocked });

    const withChild = await asAdmin('DELETE', `/api/v1/categories/${parent}`);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json()).toMatchObject({ code: 'category-has-children', children: [leaf] });
    const withItems = await asAdmin('DELETE', `/api/v1/categories/${stocked}`);
    expect(withItems.statusCode).toBe(409);
    expect(withItems.json()).toMatchObject({ code: 'category-has-items', items: 1 });
    expect(await nodeOf(parent)).toBeDefined();
    expect(await nodeOf(stocked)).toMatchObject({ count: 1 });

    expect((await asAdmin('DELETE', `/api/v1/categories/${leaf}`)).statusCode).toBe(204);
    expect((await asAdmin('DELETE', `/api/v1/categories/${parent}`)).statusCode).toBe(204);
    expect(await nodeOf(parent)).toBeUndefined();
    expect((await asAdmin('DELETE', `/api/v1/categories/${parent}`)).statusCode).toBe(404);
  });

  it('when a category is renamed, then its slug and items stay; a move under itself or a descendant is refused', async () => {
    const [top, middle, bottom] = [slugOf('top'), slugOf('middle'), slugOf('bottom')];
    await ensureCategory(harness, top);
    await ensureCategory(harness, middle, top);
    await ensureCategory(harness, bottom, middle);
    const item = await createItem(harness, { category: middle });

    const renamed = await asAdmin('PUT', `/api/v1/categories/${middle}`, { name: 'Middle shelf' });
    expect(renamed.json()).toEqual({ slug: middle, name: 'Middle shelf', parent: top });
    const read = await harness.app.inject({ method: 'GET', url: `/api/v1/items/${item.id}` });
    expect(read.json().category).toBe(middle);

    const cycle = await asAdmin('PUT', `/api/v1/categories/${top}`, {
      name: 'Top',
      parent: bottom,
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json()).toMatchObject({ code: 'category-cycle' });
    const orphan = await asAdmin('PUT', `/api/v1/categories/${top}`, {
      name: 'Top',
      parent: slugOf('none'),
    });
    expect(orphan.json()).toMatchObject({ status: 422, code: 'unknown-parent' });
    const reslug = await asAdmin('PUT', `/api/v1/categories/${top}`, {
      slug: slugOf('other'),
      name: 'Top',
    });
    expect(reslug.json()).toMatchObject({ status: 422, code: 'slug-immutable' });
    expect(await nodeOf(top)).toMatchObject({ name: `Category ${top}`, parent: null, total: 1 });

    const moved = await asAdmin('PUT', `/api/v1/categories/${bottom}`, {
      name: 'Bottom',
      parent: null,
    });
    expect(moved.json()).toEqual({ slug: bottom, name: 'Bottom', parent: null });
    expect(await nodeOf(bottom)).toMatchObject({ depth: 0 });
  });

  it('when a slug is taken, malformed, or the parent is unknown, then 409 / 400 / 422 and the tree is unchanged', async () => {
    const taken = slugOf('taken');
    await ensureCategory(harness, taken);
    const before = await tree();

    const again = await asAdmin('POST', '/api/v1/categories', { slug: taken, name: 'Again' });
    expect(again.json()).toMatchObject({ status: 409, code: 'category-exists' });
    for (const slug of ['Home', 'home audio', '-home', 'a'.repeat(65), '']) {
      const bad = await asAdmin('POST', '/api/v1/categories', { slug, name: 'Bad' });
      expect(bad.statusCode, slug).toBe(400);
    }
    const orphan = await asAdmin('POST', '/api/v1/categories', {
      slug: slugOf('orphan'),
      name: 'Orphan',
      parent: slugOf('none'),
    });
    expect(orphan.json()).toMatchObject({ status: 422, code: 'unknown-parent' });
    expect(await tree()).toEqual(before);
    const longest = await asAdmin('POST', '/api/v1/categories', {
      slug: `x${'a'.repeat(63)}`,
      name: 'Long',
    });
    expect(longest.statusCode).toBe(201);
  });

  it('when a CUSTOMER or nobody manages categories, then 403 / 401; anyone reads the tree', async () => {
    const payload = { slug: slugOf('nope'), name: 'Nope' };
    const asCustomer = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/categories',
      headers: bearer(harness.customerToken),
      payload,
    });
    const anonymous = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/categories',
      payload,
    });
    expect(asCustomer.statusCode).toBe(403);
    expect(anonymous.statusCode).toBe(401);
    expect(await nodeOf(payload.slug)).toBeUndefined();
    const read = await harness.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(read.statusCode).toBe(200);
  });

  it('when eight ADMINs create categories at once, then every one is kept', async () => {
    const slugs = Array.from({ length: 8 }, () => slugOf('burst'));
    const answers = await Promise.all(
      slugs.map((slug) => asAdmin('POST', '/api/v1/categories', { slug, name: slug })),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(slugs.map(() => 201));
    const present = new Set((await tree()).map((node) => node.slug));
    expect(slugs.filter((slug) => !present.has(slug))).toEqual([]);
  });

  it('when items name categories no category has (data from before), then start-up adopts them as roots', async () => {
    const legacy = slugOf('legacy-audio');
    const collections = await prepareItemDb(harness.db);
    const now = new Date();
    await collections.items.insertOne({
      _id: crypto.randomUUID(),
      upc: itemBody().upc,
      name: 'Old Speaker',
      description: '',
      unitPrice: 999,
      currency: 'USD',
      pictures: [],
      category: legacy,
      attributes: {},
      keywords: ['old', 'speaker'],
      inventory: { onHand: 1, reserved: 0, available: 1 },
      ledger: { initial: 1, adjusted: 0, committed: 0, restocked: 0 },
      reservations: {},
      restocks: {},
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    const deps = {
      categories: createCategoryRepository(collections.categories),
      items: harness.domain().items,
      now: () => now,
    };

    expect(await adoptItemCategories(deps)).toEqual([legacy]);
    expect(await adoptItemCategories(deps)).toEqual([]);
    const [name] = legacy.split('-');
    expect(await nodeOf(legacy)).toMatchObject({ parent: null, depth: 0, count: 1, total: 1 });
    expect((await nodeOf(legacy))?.name.toLowerCase()).toContain(name);
  });
});
