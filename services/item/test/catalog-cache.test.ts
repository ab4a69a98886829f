import { describe, expect, it } from 'vitest';
import {
  bearer,
  createItem,
  ensureCategory,
  itemBody,
  placeHold,
  useItemService,
} from './support.js';

const harness = useItemService();

const read = async (id: string, headers: Record<string, string> = {}) =>
  await harness.app.inject({ method: 'GET', url: `/api/v1/items/${id}`, headers });

const stockOf = async (id: string) => (await read(id)).json().inventory;

describe('GET /items/{id}: ETag, 304 and Cache-Control', () => {
  it('when an item is read, then it carries a strong ETag and a short public Cache-Control; If-None-Match with it, weak or in a list, answers 304 without a body', async () => {
    const item = await createItem(harness);
    const first = await read(item.id);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.json()).toMatchObject({ id: item.id, inventory: item.inventory });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=1');

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await read(item.id, { 'if-none-match': ifNoneMatch });
      expect(again.statusCode, ifNoneMatch).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers['content-length']).toBeUndefined();
      expect(again.headers.etag).toBe(etag);
    }
    const other = await read(item.id, { 'if-none-match': '"not-this-one"' });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual(first.json());
  });

  it('when two items are read, then their ETags differ; a missing item is a 404 problem without an ETag', async () => {
    const [a, b] = [await createItem(harness), await createItem(harness)];
    expect((await read(a.id)).headers.etag).not.toBe((await read(b.id)).headers.etag);
    const missing = await read(crypto.randomUUID());
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.headers.etag).toBeUndefined();
  });
});

describe('GET /items/{id}: this process writes are visible at once', () => {
  it('when an ADMIN restocks an item that was just read, then the next read shows the new stock and a new ETag, and the old ETag no longer gets 304', async () => {
    const item = await createItem(harness, { initialStock: 4 });
    const before = await read(item.id);
    const adjusted = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/items/${item.id}/inventory/adjustments`,
      headers: bearer(harness.adminToken),
      payload: { delta: 3, reason: 'restock' },
    });
    expect(adjusted.statusCode).toBe(200);

    const after = await read(item.id, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.json().inventory).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('when a hold is placed, changed and released on an item that was just read, then each read right after shows the stock it left', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    expect((await stockOf(item.id)).available).toBe(10);
    const orderId = crypto.randomUUID();

    expect((await placeHold(harness, orderId, [{ itemId: item.id, quantity: 3 }])).statusCode).toBe(
      201,
    );
    expect(await stockOf(item.id)).toEqual({ onHand: 10, reserved: 3, available: 7 });

    const changed = await harness.app.inject({
      method: 'PUT',
      url: `/api/v1/inventory/holds/${orderId}`,
      headers: bearer(harness.serviceToken),
      payload: { lines: [{ itemId: item.id, quantity: 5 }] },
    });
    expect(changed.statusCode).toBe(200);
    expect(await stockOf(item.id)).toEqual({ onHand: 10, reserved: 5, available: 5 });

    const released = await harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/inventory/holds/${orderId}`,
      headers: bearer(harness.serviceToken),
    });
    expect(released.statusCode).toBe(200);
    expect(await stockOf(item.id)).toEqual({ onHand: 10, reserved: 0, available: 10 });
  });

  it('when an ADMIN replaces or deletes an item that was just read, then the next read shows the new fields, then 404', async () => {
    const item = await createItem(harness);
    await read(item.id);
    const { initialStock: _s, ...fields } = itemBody({ upc: item.upc, name: 'Renamed' });
    const replaced = await harness.app.inject({
      method: 'PUT',
      url: `/api/v1/items/${item.id}`,
      headers: bearer(harness.adminToken),
      payload: fields,
    });
    expect(replaced.statusCode).toBe(200);
    expect((await read(item.id)).json().name).toBe('Renamed');

    const deleted = await harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/items/${item.id}`,
      headers: bearer(harness.adminToken),
    });
    expect(deleted.statusCode).toBe(204);
    expect((await read(item.id)).statusCode).toBe(404);
  });
});

describe('GET /items/{id}: what another replica wrote', () => {
  it('when another replica restocks an item this one just served, then it shows within the TTL, and at once to a request with Cache-Control: no-cache', async () => {
    const item = await createItem(harness, { initialStock: 2 });
    expect((await stockOf(item.id)).available).toBe(2);
    // The domain over the same database, its writes not told to this app: another replica.
    const replica = harness.domain();
    await replica.items.adjust(item.id, 5, 0, new Date());

    const cached = await read(item.id);
    expect(cached.json().inventory.available).toBe(2);
    const revalidated = await read(item.id, { 'cache-control': 'no-cache' });
    expect(revalidated.json().inventory.available).toBe(7);
    // What the store read found is kept: later reads show it too.
    expect((await stockOf(item.id)).available).toBe(7);
  });
});

describe('GET /items first pages: this process writes are visible at once', () => {
  const names = async (query: string) =>
    (await harness.app.inject({ method: 'GET', url: `/api/v1/items?limit=20&${query}` }))
      .json()
      .items.map((item: { name: string }) => item.name);

  it('when an ADMIN moves a category under another, then the next first page of the new parent lists its items', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const [lamps, rooms] = [`lamps-${tag}`, `rooms-${tag}`];
    await createItem(harness, { category: lamps, name: `Lamp ${tag}` });
    await ensureCategory(harness, rooms);
    expect(await names(`category=${rooms}`)).toEqual([]);
    const moved = await harness.app.inject({
      method: 'PUT',
      url: `/api/v1/categories/${lamps}`,
      headers: bearer(harness.adminToken),
      payload: { name: `Lamps ${tag}`, parent: rooms },
    });
    expect(moved.statusCode).toBe(200);
    expect(await names(`category=${rooms}`)).toEqual([`Lamp ${tag}`]);
  });
});
