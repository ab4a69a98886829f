import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GATEWAY, pagePerTest, stockItem } from '../src/storefront.js';

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
    expect(await panel.getByRole('button', { name: /^browser-tests/ }).textContent()).toMatch(
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
});
