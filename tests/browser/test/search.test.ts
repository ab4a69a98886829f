import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminToken, ensureCategory, GATEWAY, pagePerTest, stockItem } from '../src/storefront.js';

let page: Page;

pagePerTest((opened) => {
  page = opened;
});

/** The names of the product cards shown, in order, once `count` of them are there. */
const shownNames = async (count: number) => {
  const cards = page.getByTestId('product-card');
  await expect.poll(async () => await cards.count(), { timeout: 15_000 }).toBe(count);
  return await cards.locator('h2, h3').allTextContents();
};

describe('catalog search in a browser, through the gateway', () => {
  it('when a shopper searches, then results come by relevance with price counts, and choosing a band narrows them', async () => {
    // A word of this test alone: the search matches only its items.
    const word = `glim${crypto.randomUUID().replaceAll('-', '').slice(0, 6)}`;
    const prefixOnly = `${word}mer Candle`;
    const wholeWord = `${word} Lantern`;
    await stockItem(prefixOnly, 2_000, 3);
    await stockItem(wholeWord, 7_500, 3);

    await page.goto(`${GATEWAY}/`);
    await page.getByLabel('Search products').fill(word);
    await page.getByRole('button', { name: 'Search' }).click();

    // The whole word in the name outranks the name it only starts.
    expect(await shownNames(2)).toEqual([wholeWord, prefixOnly]);
    const panel = page.getByRole('complementary', { name: 'Refine results' });
    const band = (label: RegExp) => panel.getByRole('button', { name: label });
    await expect.poll(async () => await band(/^\$10 – \$50/).textContent()).toMatch(/\(1\)/);
    expect(await band(/^\$50 – \$100/).textContent()).toMatch(/\(1\)/);
    expect(await band(/^Under \$10/).isDisabled()).toBe(true);
    // Categories read by their names, as in the navigation, not by their slugs.
    expect(await panel.getByRole('button', { name: /^Browser tests/ }).textContent()).toMatch(
      /\(2\)/,
    );

    await band(/^\$10 – \$50/).click();
    await page.waitForURL(/priceBand=10-50/);
    expect(await shownNames(1)).toEqual([prefixOnly]);
    expect(await band(/^\$10 – \$50/).getAttribute('aria-pressed')).toBe('true');
    // The other band still shows what choosing it instead would give.
    expect(await band(/^\$50 – \$100/).textContent()).toMatch(/\(1\)/);

    await band(/^\$10 – \$50/).click();
    expect(await shownNames(2)).toEqual([wholeWord, prefixOnly]);
  });

  it('when a shopper searches within a parent category, then the panel shows it chosen with its whole subtree, and letting it go widens the search', async () => {
    const tag = crypto.randomUUID().replaceAll('-', '').slice(0, 6);
    const word = `lum${tag}`;
    const [parent, child] = [`facet-${tag}`, `facet-${tag}-lamps`];
    const token = await adminToken();
    await ensureCategory(token, parent, `Rooms ${tag}`);
    await ensureCategory(token, child, `Lamps ${tag}`, parent);
    const [vase, lamp, elsewhere] = [`${word} Vase`, `${word} Lamp`, `${word} Mug`];
    await stockItem(vase, 1_200, 3, parent);
    await stockItem(lamp, 2_400, 3, child);
    await stockItem(elsewhere, 900, 3);

    await page.goto(`${GATEWAY}/?category=${parent}&q=${word}`);
    expect((await shownNames(2)).sort()).toEqual([lamp, vase].sort());
    const panel = page.getByRole('complementary', { name: 'Refine results' });
    const chosen = panel.getByRole('button', { name: new RegExp(`^Rooms ${tag}`) });
    await expect.poll(async () => await chosen.textContent()).toMatch(/\(2\)/);
    expect(await chosen.getAttribute('aria-pressed')).toBe('true');
    // The leaves still count what choosing each instead would give.
    expect(
      await panel.getByRole('button', { name: new RegExp(`^Lamps ${tag}`) }).textContent(),
    ).toMatch(/\(1\)/);
    expect(await panel.getByRole('button', { name: /^Browser tests/ }).textContent()).toMatch(
      /\(1\)/,
    );

    await chosen.click();
    await expect.poll(() => page.url()).not.toContain('category=');
    expect((await shownNames(3)).sort()).toEqual([elsewhere, lamp, vase].sort());
  });
});
