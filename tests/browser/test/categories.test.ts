import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminToken, ensureCategory, GATEWAY, pagePerTest, stockItem } from '../src/storefront.js';

let page: Page;

pagePerTest((opened) => {
  page = opened;
}, 'categories-');

const unique = () => crypto.randomUUID().slice(0, 8);

const cardNames = async () =>
  (await page.getByTestId('product-card').getByRole('heading').allTextContents()).sort();

describe('categories in a browser, through the gateway', () => {
  it('when a shopper browses by category, then a parent lists its whole subtree and a child only its own', async () => {
    const tag = unique();
    const [parent, child] = [`browse-${tag}`, `browse-${tag}-lamps`];
    const token = await adminToken();
    await ensureCategory(token, parent, `Browse ${tag}`);
    await ensureCategory(token, child, `Lamps ${tag}`, parent);
    const [vase, lamp] = [`Vase ${tag}`, `Lamp ${tag}`];
    await stockItem(vase, 1_200, 3, parent);
    await stockItem(lamp, 2_400, 3, child);

    await page.goto(`${GATEWAY}/`);
    const nav = page.getByRole('navigation', { name: 'Categories' });
    const parentLink = nav.getByRole('link', { name: `Browse ${tag} (2)` });
    const childLink = nav.getByRole('link', { name: `Lamps ${tag} (1)` });
    await parentLink.click();
    await page.getByRole('heading', { level: 1, name: `Browse ${tag}` }).waitFor();
    await page.getByTestId('product-card').filter({ hasText: lamp }).waitFor();
    expect(await cardNames()).toEqual([lamp, vase].sort());
    await expect.poll(() => parentLink.getAttribute('aria-current')).toBe('page');
    // Cards name the category as shoppers know it, not by its slug.
    const lampCard = page.getByTestId('product-card').filter({ hasText: lamp });
    await expect
      .poll(() => lampCard.locator('.product-category').textContent())
      .toBe(`Lamps ${tag}`);

    await childLink.click();
    await page.getByRole('heading', { level: 1, name: `Lamps ${tag}` }).waitFor();
    await expect.poll(cardNames).toEqual([lamp]);
    expect(page.url()).toContain(`category=${child}`);

    await nav.getByRole('link', { name: 'All products' }).click();
    await page.getByRole('heading', { level: 1, name: 'Catalog' }).waitFor();
    expect(page.url()).not.toContain('category=');
  });

  it('when an ADMIN creates a category under another, then it is in the tree; deleting its parent is refused and says why', async () => {
    const tag = unique();
    const parent = `shelf-${tag}`;
    await ensureCategory(await adminToken(), parent, `Shelf ${tag}`);
    await page.goto(`${GATEWAY}/login`);
    const login = page.getByTestId('login-form');
    await login.getByLabel('Email').fill(process.env.BOOTSTRAP_ADMIN_EMAIL ?? '');
    await login.getByLabel('Password').fill(process.env.BOOTSTRAP_ADMIN_PASSWORD ?? '');
    await login.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${GATEWAY}/admin`);
    await page
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Categories' })
      .click();
    await page.waitForURL(`${GATEWAY}/admin/categories`);

    const form = page.getByRole('form', { name: 'Create a category' });
    await form.getByLabel('Slug').fill(`${parent}-books`);
    await form.getByLabel('Name').fill(`Books ${tag}`);
    await form.getByLabel('Parent').selectOption(parent);
    await form.getByRole('button', { name: 'Create category' }).click();

    const table = page.getByRole('table', { name: 'Categories' });
    const row = table.locator(`tr[data-category="${parent}-books"]`);
    await row.waitFor();
    await expect
      .poll(() => row.getByLabel(`Name of ${parent}-books`).inputValue())
      .toBe(`Books ${tag}`);
    const parentRow = table.locator(`tr[data-category="${parent}"]`);
    await parentRow.getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(() => parentRow.getByTestId('error-message').textContent())
      .toContain('subcategories');
    const tree = (await (await fetch(`${GATEWAY}/api/v1/categories`)).json()) as {
      categories: { slug: string }[];
    };
    expect(tree.categories).toContainEqual(
      expect.objectContaining({ slug: `${parent}-books`, parent, depth: 1 }),
    );
    expect(tree.categories).toContainEqual(expect.objectContaining({ slug: parent }));
  });
});
