import { describe, expect, it } from 'vitest';
import { createItem, useItemService } from './support.js';

const harness = useItemService();

interface Page {
  items: { id: string; name: string }[];
  nextCursor: string | null;
  facets?: {
    categories: { name: string; count: number }[];
    priceBands: { band: string; minPrice: number; maxPrice: number | null; count: number }[];
    complete: boolean;
  };
}

const get = async (query: string) =>
  await harness.app.inject({ method: 'GET', url: `/api/v1/items?${query}` });
const search = async (query: string) => (await get(query)).json() as Page;
const ids = (page: Page) => page.items.map((item) => item.id);
/** A word no other test's items contain, so each test sees only its own matches. */
const uniqueWord = () => `zs${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`;

describe('search by relevance', () => {
  it('when items match in the name or the description, as a whole word or a prefix, then name matches come first and whole words before prefixes', async () => {
    const word = uniqueWord();
    const inDescriptionPrefix = await createItem(harness, {
      name: 'Plain stand',
      description: `${word}ish finish`,
    });
    const inNameWord = await createItem(harness, { name: `Zulu ${word}`, description: 'x' });
    const inDescriptionWord = await createItem(harness, {
      name: 'Other stand',
      description: `a ${word} inside`,
    });
    const inNamePrefix = await createItem(harness, { name: `${word}ette`, description: 'x' });
    const alsoInNameWord = await createItem(harness, { name: `Alpha ${word}`, description: 'x' });

    const page = await search(`q=${word}`);
    expect(ids(page)).toEqual([
      alsoInNameWord.id,
      inNameWord.id,
      inNamePrefix.id,
      inDescriptionWord.id,
      inDescriptionPrefix.id,
    ]);
  });

  it('when a search is read page by page, then each cursor continues the relevance order, every match exactly once', async () => {
    const word = uniqueWord();
    const made = [];
    for (const [name, description] of [
      [`${word} lamp`, ''],
      ['Desk', `${word}`],
      [`${word}s`, ''],
      [`${word} amber`, ''],
      ['Shelf', `${word}y`],
    ] as const)
      made.push(await createItem(harness, { name, description }));
    const whole = ids(await search(`q=${word}&limit=100`));
    expect(whole).toEqual([made[3]?.id, made[0]?.id, made[2]?.id, made[1]?.id, made[4]?.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await search(`q=${word}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(whole);
  });

  it('when searching, then the facets count every match per category and per price band, not just the page', async () => {
    const word = uniqueWord();
    for (const [category, unitPrice] of [
      ['lighting', 999],
      ['lighting', 1_000],
      ['lighting', 4_999],
      ['furniture', 9_999],
      ['furniture', 10_000],
    ] as const)
      await createItem(harness, { name: `${word} thing`, category, unitPrice });

    const page = await search(`q=${word}&limit=1`);
    expect(page.items).toHaveLength(1);
    expect(page.facets).toEqual({
      categories: [
        { name: 'lighting', count: 3 },
        { name: 'furniture', count: 2 },
      ],
      priceBands: [
        { band: 'under-10', minPrice: 0, maxPrice: 999, count: 1 },
        { band: '10-50', minPrice: 1_000, maxPrice: 4_999, count: 2 },
        { band: '50-100', minPrice: 5_000, maxPrice: 9_999, count: 1 },
        { band: '100-plus', minPrice: 10_000, maxPrice: null, count: 1 },
      ],
      complete: true,
    });
  });

  it('when a category and a price band are chosen, then only those items come back and each facet still counts its alternatives', async () => {
    const word = uniqueWord();
    const make = async (category: string, unitPrice: number) =>
      await createItem(harness, { name: `${word} thing`, category, unitPrice });
    await make('lighting', 500);
    const chosen = await make('lighting', 2_000);
    await make('furniture', 2_500);
    await make('furniture', 20_000);

    const page = await search(`q=${word}&category=lighting&priceBand=10-50`);
    expect(ids(page)).toEqual([chosen.id]);
    // Categories counted within the price band; bands counted within the category.
    expect(page.facets?.categories).toEqual([
      { name: 'furniture', count: 1 },
      { name: 'lighting', count: 1 },
    ]);
    expect(page.facets?.priceBands.map((band) => band.count)).toEqual([1, 1, 0, 0]);

    const byPrices = await search(`q=${word}&minPrice=2000&maxPrice=2500`);
    expect(byPrices.items).toHaveLength(2);
    expect(byPrices.facets?.categories).toEqual([
      { name: 'furniture', count: 1 },
      { name: 'lighting', count: 1 },
    ]);
  });

  it('when only a filter is given, then the listing stays newest first and carries facets; plain browsing carries none', async () => {
    const category = `cat-${crypto.randomUUID().slice(0, 8)}`;
    const older = await createItem(harness, { category, unitPrice: 300 });
    const newer = await createItem(harness, { category, unitPrice: 30_000 });
    const filtered = await search(`category=${category}`);
    expect(ids(filtered)).toEqual([newer.id, older.id]);
    expect(filtered.facets?.priceBands.map((band) => band.count)).toEqual([1, 0, 0, 1]);
    expect((await search('limit=1')).facets).toBeUndefined();
    expect((await search('q=+')).facets).toBeUndefined();
  });

  it('when a search cursor is forged, or a cursor of another listing is given, then 422 problem+json', async () => {
    const word = uniqueWord();
    await createItem(harness, { name: `${word} one` });
    await createItem(harness, { name: `${word} two` });
    const browsing = await search('limit=1');
    const searching = await search(`q=${word}&limit=1`);
    expect(searching.nextCursor).not.toBeNull();
    const forgedPosition = Buffer.from(JSON.stringify(['r', -5, 'x', 0, 'y'])).toString(
      'base64url',
    );
    for (const query of [
      `q=${word}&cursor=x`,
      `q=${word}&cursor=${forgedPosition}`,
      `q=${word}&cursor=${browsing.nextCursor}`,
      `cursor=${searching.nextCursor}`,
    ]) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().code).toBe('invalid-cursor');
    }
  });

  it('when a price band is unknown or a search parameter malformed, then 400 problem+json', async () => {
    for (const query of [
      'priceBand=cheap',
      'priceBand=',
      'q=lamp&priceBand[$ne]=x',
      `q=${'a'.repeat(101)}`,
      'q=lamp&minPrice=-5',
      `q=lamp&cursor=${'a'.repeat(2_049)}`,
    ]) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
