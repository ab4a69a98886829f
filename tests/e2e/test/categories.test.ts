import { randomUpc } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, newShopper } from '../src/shopper.js';
import { call, GATEWAY_URL, THROUGH_GATEWAY } from '../src/stack.js';

/** Issue 19 item 6, categories managed by an ADMIN and browsed by anyone, through the gateway. */
let token: string;
beforeAll(async () => {
  token = (await admin(THROUGH_GATEWAY)).token;
});

type Node = {
  slug: string;
  name: string;
  parent: string | null;
  depth: number;
  count: number;
  total: number;
};
type Problem = { status: number; code: string; detail: string; [key: string]: unknown };

const asAdmin = async <T = Problem>(method: string, path: string, body?: object) =>
  await call<T>(`${GATEWAY_URL}/api/v1${path}`, method, { token, ...(body ? { body } : {}) });

const treeOf = async (slugs: string[]) =>
  (
    await call<{ categories: Node[] }>(`${GATEWAY_URL}/api/v1/categories`, 'GET')
  ).body.categories.filter((node) => slugs.includes(node.slug));

const itemIn = (category: string) => ({
  upc: randomUpc(),
  name: `Category Lamp ${category}`,
  unitPrice: 2_000,
  category,
  initialStock: 2,
});

describe('categories through the gateway', () => {
  it('when an ADMIN builds a tree and stocks it, then anyone reads it with counts; unknown categories are 422 and non-empty ones cannot be deleted', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const [garden, tools, seeds] = [`garden-${tag}`, `garden-${tag}-tools`, `garden-${tag}-seeds`];
    expect((await asAdmin('POST', '/categories', { slug: garden, name: 'Garden' })).status).toBe(
      201,
    );
    for (const [slug, name] of [
      [tools, 'Tools'],
      [seeds, 'Seeds'],
    ] as const)
      expect((await asAdmin('POST', '/categories', { slug, name, parent: garden })).status).toBe(
        201,
      );
    const created = await asAdmin<{ id: string }>('POST', '/items', itemIn(tools));
    expect(created.status).toBe(201);
    expect((await asAdmin('POST', '/items', itemIn(tools))).status).toBe(201);
    expect((await asAdmin('POST', '/items', itemIn(garden))).status).toBe(201);

    expect(await treeOf([garden, tools, seeds])).toEqual([
      { slug: garden, name: 'Garden', parent: null, depth: 0, count: 1, total: 3 },
      { slug: seeds, name: 'Seeds', parent: garden, depth: 1, count: 0, total: 0 },
      { slug: tools, name: 'Tools', parent: garden, depth: 1, count: 2, total: 2 },
    ]);
    const browsed = await call<{ items: { category: string }[] }>(
      `${GATEWAY_URL}/api/v1/items?category=${garden}&limit=100`,
      'GET',
    );
    expect(browsed.body.items.map((item) => item.category).sort()).toEqual([garden, tools, tools]);

    const unknown = `nowhere-${tag}`;
    const refused = await asAdmin('POST', '/items', itemIn(unknown));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'unknown-category', category: unknown });
    expect(refused.body.detail).toContain(unknown);
    const { initialStock: _stock, ...moved } = itemIn(unknown);
    const update = await asAdmin('PUT', `/items/${created.body.id}`, moved);
    expect(update.status).toBe(422);
    expect(update.body).toMatchObject({ code: 'unknown-category', category: unknown });

    const stocked = await asAdmin('DELETE', `/categories/${tools}`);
    expect(stocked.status).toBe(409);
    expect(stocked.body).toMatchObject({ code: 'category-has-items' });
    const parent = await asAdmin('DELETE', `/categories/${garden}`);
    expect(parent.body).toMatchObject({ status: 409, code: 'category-has-children' });
    expect(await treeOf([garden, tools, seeds])).toHaveLength(3);

    const renamed = await asAdmin('PUT', `/categories/${tools}`, { name: 'Garden tools' });
    expect(renamed.body).toMatchObject({ slug: tools, name: 'Garden tools', parent: garden });
    expect((await asAdmin('DELETE', `/categories/${seeds}`)).status).toBe(204);
    expect((await treeOf([garden, tools, seeds])).map((node) => [node.slug, node.name])).toEqual([
      [garden, 'Garden'],
      [tools, 'Garden tools'],
    ]);
  });

  it('when a customer tries to manage categories, then 403 and nothing changes', async () => {
    const shopper = await newShopper(THROUGH_GATEWAY);
    const slug = `customer-${crypto.randomUUID().slice(0, 8)}`;
    const tried = await call(`${GATEWAY_URL}/api/v1/categories`, 'POST', {
      token: shopper.token,
      body: { slug, name: 'Mine' },
    });
    expect(tried.status).toBe(403);
    expect(await treeOf([slug])).toEqual([]);
  });
});
