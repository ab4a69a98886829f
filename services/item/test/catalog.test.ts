import { describe, expect, it } from 'vitest';
import {
  bearer,
  createItem,
  inventoryOf,
  itemBody,
  placeHold,
  randomUpc,
  useItemService,
} from './support.js';

const harness = useItemService();

describe('catalog writes', () => {
  it('when an ADMIN creates an item, then 201 with its inventory and it can be read by id and UPC', async () => {
    const body = itemBody({ initialStock: 7 });
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: bearer(harness.adminToken),
      payload: body,
    });
    expect(response.statusCode).toBe(201);
    const item = response.json();
    expect(item).toMatchObject({
      upc: body.upc,
      unitPrice: 12_999,
      currency: 'USD',
      attributes: { color: 'black', wireless: false },
      inventory: { onHand: 7, reserved: 0, available: 7 },
    });
    const byId = await harness.app.inject({ method: 'GET', url: `/api/v1/items/${item.id}` });
    const byUpc = await harness.app.inject({ method: 'GET', url: `/api/v1/items/upc/${body.upc}` });
    expect(byId.json()).toEqual(item);
    expect(byUpc.json()).toEqual(item);
  });

  it('when a CUSTOMER or nobody creates an item, then 403 / 401 and nothing is stored', async () => {
    const body = itemBody();
    const asCustomer = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: bearer(harness.customerToken),
      payload: body,
    });
    const anonymous = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: body,
    });
    expect(asCustomer.statusCode).toBe(403);
    expect(anonymous.statusCode).toBe(401);
    expect(
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items/upc/${body.upc}` }))
        .statusCode,
    ).toBe(404);
  });

  it('when anonymous with a bad body, then 401; a customer with a bad body, then 403: who asks comes before what is asked', async () => {
    const junk = { upc: '1', unitPrice: -1, role: 'ADMIN', inventory: { $gt: '' } };
    const writes = [
      { method: 'POST' as const, url: '/api/v1/items' },
      { method: 'PUT' as const, url: `/api/v1/items/${crypto.randomUUID()}` },
      {
        method: 'POST' as const,
        url: `/api/v1/items/${crypto.randomUUID()}/inventory/adjustments`,
      },
    ];
    for (const write of writes) {
      const anonymous = await harness.app.inject({ ...write, payload: junk });
      const asCustomer = await harness.app.inject({
        ...write,
        headers: bearer(harness.customerToken),
        payload: junk,
      });
      const asOrderService = await harness.app.inject({
        ...write,
        headers: bearer(harness.serviceToken),
        payload: junk,
      });
      expect([anonymous.statusCode, asCustomer.statusCode, asOrderService.statusCode]).toEqual([
        401, 403, 403,
      ]);
      expect(anonymous.json()).not.toHaveProperty('errors');
    }
  });

  it('when the UPC exists, then 409; when its check digit is wrong, then 422', async () => {
    const item = await createItem(harness);
    const duplicate = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: bearer(harness.adminToken),
      payload: itemBody({ upc: item.upc }),
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('duplicate-upc');
    const badDigit = `${item.upc.slice(0, 11)}${(Number(item.upc[11]) + 1) % 10}`;
    const invalid = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: bearer(harness.adminToken),
      payload: itemBody({ upc: badDigit }),
    });
    expect(invalid.statusCode).toBe(422);
    expect(JSON.stringify(invalid.json().errors)).toMatch(/check digit/);
  });

  it("when an item is replaced with another item's UPC, then 409 duplicate-upc and it keeps its own", async () => {
    const [item, other] = [await createItem(harness), await createItem(harness)];
    const { initialStock: _stock, ...replacement } = itemBody({ upc: other.upc });
    const response = await harness.app.inject({
      method: 'PUT',
      url: `/api/v1/items/${item.id}`,
      headers: bearer(harness.adminToken),
      payload: replacement,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('duplicate-upc');
    const stored = await harness.app.inject({ method: 'GET', url: `/api/v1/items/${item.id}` });
    expect(stored.json().upc).toBe(item.upc);
  });

  // 400: invalid per the API document; 422: valid per it, against a rule it names (found by
  // make fuzz: blank names, numeric picture hosts and attribute names were refused as invalid
  // although the document allowed them).
  it.each([
    ['a float price', 400, { unitPrice: 19.99 }],
    ['a negative price', 400, { unitPrice: -1 }],
    ['an operator object as the name', 400, { name: { $gt: '' } }],
    ['a name of spaces only', 400, { name: '   ' }],
    ['an unknown field', 400, { inventory: { onHand: 1_000_000 } }],
    ['a non-http picture', 400, { pictures: ['javascript:alert(1)'] }],
    ['a picture whose host is a number', 400, { pictures: ['http://999.1.1.1/x.png'] }],
    ['an attribute name starting with $', 422, { attributes: { $where: 'sleep(1000)' } }],
  ])('when the item has %s, then %i and nothing is stored', async (_case, status, overrides) => {
    const body = itemBody(overrides);
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: bearer(harness.adminToken),
      payload: body,
    });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items/upc/${body.upc}` }))
        .statusCode,
    ).toBe(404);
  });

  it('when an item is replaced, then its catalog fields change and its stock does not', async () => {
    const item = await createItem(harness, { initialStock: 5 });
    const { initialStock: _stock, ...replacement } = itemBody({
      upc: item.upc,
      name: 'Studio Headphones II',
      unitPrice: 14_999,
    });
    const response = await harness.app.inject({
      method: 'PUT',
      url: `/api/v1/items/${item.id}`,
      headers: bearer(harness.adminToken),
      payload: replacement,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Studio Headphones II',
      unitPrice: 14_999,
      inventory: { onHand: 5 },
    });
  });

  it('when an item has an active hold, then it cannot be deleted; once released, it can', async () => {
    const item = await createItem(harness);
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 1 }]);
    const del = () =>
      harness.app.inject({
        method: 'DELETE',
        url: `/api/v1/items/${item.id}`,
        headers: bearer(harness.adminToken),
      });

    expect((await del()).statusCode).toBe(409);
    await harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/inventory/holds/${orderId}`,
      headers: bearer(harness.serviceToken),
    });
    expect((await del()).statusCode).toBe(204);
    expect(
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items/${item.id}` })).statusCode,
    ).toBe(404);
  });
});

describe('inventory adjustments', () => {
  it('when an ADMIN restocks, then onHand and available grow', async () => {
    const item = await createItem(harness, { initialStock: 2 });
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/items/${item.id}/inventory/adjustments`,
      headers: bearer(harness.adminToken),
      payload: { delta: 5, reason: 'delivery' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ itemId: item.id, onHand: 7, reserved: 0, available: 7 });
  });

  it('when a shrink would take reserved stock, then 409 and nothing changes', async () => {
    const item = await createItem(harness, { initialStock: 5 });
    await placeHold(harness, crypto.randomUUID(), [{ itemId: item.id, quantity: 4 }]);
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/items/${item.id}/inventory/adjustments`,
      headers: bearer(harness.adminToken),
      payload: { delta: -2, reason: 'damaged' },
    });
    expect(response.statusCode).toBe(409);
    expect(await inventoryOf(harness, item.id)).toEqual({
      itemId: item.id,
      onHand: 5,
      reserved: 4,
      available: 1,
    });
  });

  it('when the delta is zero or fractional, then 400', async () => {
    const item = await createItem(harness);
    for (const delta of [0, 1.5, '3']) {
      const response = await harness.app.inject({
        method: 'POST',
        url: `/api/v1/items/${item.id}/inventory/adjustments`,
        headers: bearer(harness.adminToken),
        payload: { delta, reason: 'x' },
      });
      expect(response.statusCode).toBe(400);
    }
  });
});

describe('browsing', () => {
  it('when UPCs are looked up at once, then the items found come back and the unknown UPCs are named; a bad UPC is 400', async () => {
    const [a, b] = [await createItem(harness), await createItem(harness)];
    const unknown = randomUpc();
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/by-upc?upcs=${a.upc},${unknown},${b.upc}`,
    });
    expect(response.statusCode).toBe(200);
    const found = response.json();
    expect(found.items.map((item: { id: string }) => item.id)).toEqual([a.id, b.id]);
    expect(found.unknown).toEqual([unknown]);

    const bad = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/items/by-upc?upcs=${a.upc},123`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('when searching by word prefixes, category and price, then only matching items come back, by relevance', async () => {
    const tag = `zq${crypto.randomUUID().slice(0, 6)}`;
    const cheap = await createItem(harness, {
      name: `${tag} speaker`,
      description: 'Bluetooth portable',
      unitPrice: 4_999,
      category: 'speakers',
    });
    const dear = await createItem(harness, {
      name: `${tag} speaker pro`,
      description: 'Bluetooth portable loud',
      unitPrice: 19_999,
      category: 'speakers',
    });
    await createItem(harness, {
      name: `${tag} cable`,
      description: 'USB-C',
      unitPrice: 999,
      category: 'cables',
    });

    const search = async (query: string) =>
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items?${query}` }))
        .json()
        .items.map((item: { id: string }) => item.id);

    // Equal relevance (the tag in the name, "blue" starting a description word): by name.
    expect(await search(`q=${tag}+blue`)).toEqual([cheap.id, dear.id]);
    expect(await search(`q=${tag}&category=speakers&maxPrice=5000`)).toEqual([cheap.id]);
    expect(await search(`q=${tag}+portable+LOUD`)).toEqual([dear.id]);
  });

  it('when paging a search with a limit, then every item appears exactly once across pages, in relevance order', async () => {
    const tag = `zp${crypto.randomUUID().slice(0, 6)}`;
    const created = [];
    for (let index = 0; index < 5; index += 1)
      created.push(await createItem(harness, { name: `${tag} item ${index}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await harness.app.inject({
          method: 'GET',
          url: `/api/v1/items?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        })
      ).json();
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Every name matches the tag the same way: equal relevance, so by name (item 0 … item 4).
    expect(seen).toEqual(created.map((item) => item.id));
  });

  it('when items are read by ids, then exactly the live ones among them come back', async () => {
    const first = await createItem(harness);
    const second = await createItem(harness);
    const removed = await createItem(harness);
    await harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/items/${removed.id}`,
      headers: bearer(harness.adminToken),
    });
    const ids = [first.id, second.id, removed.id, crypto.randomUUID(), first.id].join(',');
    const response = await harness.app.inject({ method: 'GET', url: `/api/v1/items?ids=${ids}` });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { id: string }) => item.id)).toEqual([
      second.id,
      first.id,
    ]);
  });

  it('when the query has operators or unknown parameters, then 400; a forged cursor, then 422', async () => {
    for (const query of [
      'ids=not-a-uuid',
      `ids=${Array.from({ length: 101 }, () => crypto.randomUUID()).join(',')}`,
      `ids=${crypto.randomUUID()},`,
      'q[$gt]=',
      'limit=1000',
      'limit=-1',
      'minPrice=abc',
      'sort=price',
    ]) {
      const response = await harness.app.inject({ method: 'GET', url: `/api/v1/items?${query}` });
      expect(response.statusCode, query).toBe(400);
    }
    // The document only names the rule (a cursor this API returned): valid per it, so 422.
    const forged = await harness.app.inject({ method: 'GET', url: '/api/v1/items?cursor=x' });
    expect(forged.statusCode).toBe(422);
    expect(forged.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when an unknown or malformed id is read, then 404 / 400', async () => {
    expect(
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items/${crypto.randomUUID()}` }))
        .statusCode,
    ).toBe(404);
    expect((await harness.app.inject({ method: 'GET', url: '/api/v1/items/abc' })).statusCode).toBe(
      400,
    );
    expect(
      (await harness.app.inject({ method: 'GET', url: `/api/v1/items/upc/${randomUpc()}` }))
        .statusCode,
    ).toBe(404);
  });
});
