import { CreateItemBody, ItemListQuery } from '@shop/contracts';
import { InvalidCursorError } from '@shop/platform/cursor';
import { describe, expect, it } from 'vitest';
import { createItem, listItems } from '../../src/domain/catalog.js';
import { categoryExists, createCategory } from '../../src/domain/category-catalog.js';
import { bandCountsFrom, priceBandOf, priceRangeOf } from '../../src/domain/price-bands.js';
import {
  decodeRelevanceCursor,
  encodeRelevanceCursor,
  MATCH_POINTS,
  rankByRelevance,
  relevanceOf,
} from '../../src/domain/relevance.js';
import { facetsOf, filterOf, relevancePage } from '../../src/domain/search.js';
import { itemInput, world } from './world.js';

const AT = new Date('2030-01-01T00:00:00Z');
const item = (id: string, name: string, description = '', createdAt = AT) => ({
  id,
  name,
  description,
  createdAt,
});

describe('relevance', () => {
  it('when a word is a whole word of the name, then it scores above a name prefix, a description word and a description prefix, in that order', () => {
    const scores = [
      relevanceOf(['lamp'], { name: 'Desk lamp', description: '' }),
      relevanceOf(['lamp'], { name: 'Lampshade', description: '' }),
      relevanceOf(['lamp'], { name: 'Desk', description: 'A lamp too' }),
      relevanceOf(['lamp'], { name: 'Desk', description: 'Lampshade included' }),
      relevanceOf(['lamp'], { name: 'Desk', description: 'Nothing' }),
    ];
    expect(scores).toEqual([
      MATCH_POINTS.nameWord,
      MATCH_POINTS.namePrefix,
      MATCH_POINTS.descriptionWord,
      MATCH_POINTS.descriptionPrefix,
      0,
    ]);
  });

  it('when several words match, then their best matches add up, ignoring case and punctuation', () => {
    expect(relevanceOf(['usb', 'cab'], { name: 'USB-C Cable', description: 'usb' })).toBe(
      MATCH_POINTS.nameWord + MATCH_POINTS.namePrefix,
    );
  });

  it('when items are ranked, then name matches come before description matches and whole words before prefixes', () => {
    const ranked = rankByRelevance(
      ['lamp'],
      [
        item('1', 'Desk', 'lamp included'),
        item('2', 'Lampshade'),
        item('3', 'Floor lamp'),
        item('4', 'Desk', 'lampshade included'),
      ],
    );
    expect(ranked.map((position) => position.id)).toEqual(['3', '2', '1', '4']);
  });

  it('when scores tie, then the order is by name ignoring case, then newest first, then by id, whatever the input order', () => {
    const later = new Date(AT.getTime() + 1);
    const candidates = [
      item('b', 'lamp'),
      item('c', 'Amber lamp'),
      item('a', 'lamp'),
      item('d', 'amber lamp'),
      item('e', 'lamp', '', later),
    ];
    const expected = ['c', 'd', 'e', 'a', 'b'];
    expect(rankByRelevance(['lamp'], candidates).map((position) => position.id)).toEqual(expected);
    expect(
      rankByRelevance(['lamp'], [...candidates].reverse()).map((position) => position.id),
    ).toEqual(expected);
  });

  it('when a cursor is made from a position, then it reads back as that position', () => {
    const position = {
      score: 12,
      name: 'Lampe « Nuit » 💡',
      createdAt: AT.getTime(),
      id: crypto.randomUUID(),
    };
    expect(decodeRelevanceCursor(encodeRelevanceCursor(position))).toEqual(position);
  });

  it('when a cursor is forged or is a newest-first cursor, then it is refused as invalid', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const forged of [
      'x',
      encode(['2030-01-01T00:00:00.000Z', crypto.randomUUID()]),
      encode(['r', 3, 'lamp', 'id']),
      encode(['r', -1, 'lamp', 0, 'id']),
      encode(['r', 1.5, 'lamp', 0, 'id']),
      encode(['r', 3, 7, 0, 'id']),
      encode(['r', 3, 'lamp', '2030-01-01', 'id']),
      encode(['q', 3, 'lamp', 0, 'id']),
      encode({ score: 3 }),
    ])
      expect(() => decodeRelevanceCursor(forged), forged).toThrow(InvalidCursorError);
  });
});

describe('price bands', () => {
  it('when a price sits on a band boundary, then it belongs to the band that starts there', () => {
    expect(
      [0, 999, 1_000, 4_999, 5_000, 9_999, 10_000, 1_000_000_000].map(
        (price) => priceBandOf(price).band,
      ),
    ).toEqual([
      'under-10',
      'under-10',
      '10-50',
      '10-50',
      '50-100',
      '50-100',
      '100-plus',
      '100-plus',
    ]);
  });

  it('when a band is combined with minPrice/maxPrice, then the prices all of them allow remain', () => {
    expect(priceRangeOf({ priceBand: '10-50' })).toEqual({ minPrice: 1_000, maxPrice: 4_999 });
    expect(priceRangeOf({ priceBand: '10-50', minPrice: 2_000, maxPrice: 9_000 })).toEqual({
      minPrice: 2_000,
      maxPrice: 4_999,
    });
    expect(priceRangeOf({ priceBand: '100-plus', maxPrice: 20_000 })).toEqual({
      minPrice: 10_000,
      maxPrice: 20_000,
    });
    expect(priceRangeOf({ minPrice: 5 })).toEqual({ minPrice: 5, maxPrice: undefined });
  });

  it('when counts come per band floor, then every band is listed in order, with 0 where nothing matched', () => {
    expect(
      bandCountsFrom([
        { floor: 10_000, count: 2 },
        { floor: 0, count: 1 },
      ]).map(({ band, count }) => [band, count]),
    ).toEqual([
      ['under-10', 1],
      ['10-50', 0],
      ['50-100', 0],
      ['100-plus', 2],
    ]);
  });
});

describe('search over the catalog', () => {
  /** An item, in a category made for it first when the world does not have it yet. */
  const stock = async (w: ReturnType<typeof world>, overrides: Record<string, unknown>) => {
    const input = CreateItemBody.parse(itemInput(overrides));
    if (!(await categoryExists(w.categories, input.category)))
      await createCategory(w.deps, { slug: input.category, name: input.category });
    return await createItem(w.deps, input);
  };
  const search = async (w: ReturnType<typeof world>, query: Record<string, string>) =>
    await listItems(w.deps, ItemListQuery.parse(query));

  it('when searching, then pages follow relevance, each item once, and facets count every match', async () => {
    const w = world();
    const desk = await stock(w, { name: 'Desk', description: 'with a lamp', unitPrice: 500 });
    const floor = await stock(w, { name: 'Floor lamp', unitPrice: 7_000, category: 'lighting' });
    const shade = await stock(w, { name: 'Lampshade', unitPrice: 1_500, category: 'lighting' });
    await stock(w, { name: 'Chair', description: 'no light here', unitPrice: 2_000 });

    const first = await search(w, { q: 'lamp', limit: '2' });
    const second = await search(w, { q: 'lamp', limit: '2', cursor: String(first.nextCursor) });
    expect([...first.items, ...second.items].map((found) => found.id)).toEqual([
      floor.id,
      shade.id,
      desk.id,
    ]);
    expect(second.nextCursor).toBeNull();
    expect(first.facets?.categories).toEqual([
      { name: 'lighting', count: 2 },
      { name: 'audio', count: 1 },
    ]);
    expect(first.facets?.priceBands.map((band) => band.count)).toEqual([1, 1, 1, 0]);
  });

  it('when a facet is chosen, then the results narrow and its own facet still counts the alternatives', async () => {
    const w = world();
    await stock(w, { name: 'Desk lamp', unitPrice: 500, category: 'lighting' });
    const pick = await stock(w, { name: 'Floor lamp', unitPrice: 7_000, category: 'lighting' });
    await stock(w, { name: 'Lamp timer', unitPrice: 7_500, category: 'gadgets' });

    const narrowed = await search(w, { q: 'lamp', category: 'lighting', priceBand: '50-100' });
    expect(narrowed.items.map((found) => found.id)).toEqual([pick.id]);
    expect(narrowed.facets?.categories).toEqual([
      { name: 'gadgets', count: 1 },
      { name: 'lighting', count: 1 },
    ]);
    expect(narrowed.facets?.priceBands.map((band) => band.count)).toEqual([1, 0, 1, 0]);
    expect(narrowed.facets?.complete).toBe(true);
  });

  it('when a category stands for several (a subtree), then matches in any of them come back and the bands count within them', async () => {
    const w = world();
    const lamp = await stock(w, { name: 'Lamp', unitPrice: 500, category: 'lighting' });
    const desk = await stock(w, { name: 'Desk lamp', unitPrice: 2_000, category: 'desk-lamps' });
    await stock(w, { name: 'Lamp oil', unitPrice: 700, category: 'supplies' });
    const filter = filterOf(ItemListQuery.parse({ q: 'lamp', category: 'lighting' }), [
      'lighting',
      'desk-lamps',
    ]);
    const page = await relevancePage(w.items, filter, { limit: 10 });
    expect(page.items.map((found) => found.id)).toEqual([desk.id, lamp.id]);
    const facets = await facetsOf(w.items, filter);
    expect(facets.priceBands.map((band) => band.count)).toEqual([1, 1, 0, 0]);
    expect(facets.categories.map((entry) => entry.name)).toEqual([
      'desk-lamps',
      'lighting',
      'supplies',
    ]);
  });

  it('when the listing neither searches nor filters, then it is newest first without facets', async () => {
    const w = world();
    await stock(w, { name: 'Old lamp' });
    const page = await search(w, {});
    expect(page.facets).toBeUndefined();
    expect(page.items).toHaveLength(1);
  });

  it('when a newest-first cursor is given to a search, then it is refused as invalid', async () => {
    const w = world();
    await stock(w, { name: 'Lamp one' });
    await stock(w, { name: 'Lamp two' });
    const browsing = await search(w, { limit: '1' });
    await expect(
      search(w, { q: 'lamp', cursor: String(browsing.nextCursor) }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
