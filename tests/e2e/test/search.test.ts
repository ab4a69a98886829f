import { beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../src/shopper.js';
import { call, GATEWAY_URL, THROUGH_GATEWAY } from '../src/stack.js';

/** Issue 19 item 7 as a shopper's client uses it: search by relevance with facets, through the gateway. */
let shopAdmin: Awaited<ReturnType<typeof admin>>;
beforeAll(async () => {
  shopAdmin = await admin(THROUGH_GATEWAY);
});

interface SearchPage {
  items: { id: string; name: string }[];
  nextCursor: string | null;
  facets?: {
    categories: { name: string; count: number }[];
    priceBands: { band: string; count: number }[];
    complete: boolean;
  };
}

const search = async (query: string) =>
  await call<SearchPage>(`${GATEWAY_URL}/api/v1/items?${query}`, 'GET');

describe('search through the gateway', () => {
  it('when a shopper searches, then results come by relevance page by page, with facets over every match, and a band narrows them', async () => {
    const word = `srch${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`;
    const prefixed = await shopAdmin.createItem(2, 5_500, `${word}ish Torch`);
    const last = await shopAdmin.createItem(2, 12_000, `Torch ${word}`);
    const first = await shopAdmin.createItem(2, 1_250, `${word} Torch`);

    const firstPage = await search(`q=${word}&limit=2`);
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items.map((item) => item.id)).toEqual([first, last]);
    expect(firstPage.body.facets).toEqual({
      categories: [{ name: 'e2e', count: 3 }],
      priceBands: [
        expect.objectContaining({ band: 'under-10', count: 0 }),
        expect.objectContaining({ band: '10-50', count: 1 }),
        expect.objectContaining({ band: '50-100', count: 1 }),
        expect.objectContaining({ band: '100-plus', count: 1 }),
      ],
      complete: true,
    });
    const secondPage = await search(`q=${word}&limit=2&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.items.map((item) => item.id)).toEqual([prefixed]);
    expect(secondPage.body.nextCursor).toBeNull();

    const narrowed = await search(`q=${word}&priceBand=50-100`);
    expect(narrowed.body.items.map((item) => item.id)).toEqual([prefixed]);

    const forged = await search(
      `q=${word}&cursor=${Buffer.from('["r",1,"x"]').toString('base64url')}`,
    );
    expect(forged.status).toBe(422);
    expect(forged.body).toMatchObject({ code: 'invalid-cursor' });
    expect((await search('q=lamp&priceBand=cheap')).status).toBe(400);
  });
});
