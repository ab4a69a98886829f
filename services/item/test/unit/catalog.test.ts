import { CreateItemBody, ItemInput, UpcLookupQuery } from '@shop/contracts';
import { ConflictError, NotFoundError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import {
  adjustInventory,
  availableNeededFor,
  createItem,
  deleteItem,
  getItem,
  getItemByUpc,
  listItems,
  lookUpUpcs,
  replaceItem,
} from '../../src/domain/catalog.js';
import { releaseHoldOnRequest } from '../../src/domain/holds.js';
import { itemInput, upc, world } from './world.js';

const withoutStock = ({ initialStock: _s, ...input }: ReturnType<typeof itemInput>) =>
  ItemInput.parse(input);

describe('UPC', () => {
  it('when a UPC-A or EAN-13 has its GS1 check digit, then the item is valid; one digit off, then it is refused', () => {
    for (const code of ['036000291452', '4006381333931', upc()]) {
      expect(CreateItemBody.safeParse(itemInput({ upc: code })).success, code).toBe(true);
      const wrong = `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;
      const refused = CreateItemBody.safeParse(itemInput({ upc: wrong }));
      expect(refused.success, wrong).toBe(false);
      expect(JSON.stringify(refused.error?.issues)).toMatch(/check digit/);
    }
  });

  it('when several UPCs are looked up, then the live items come back in the order asked and the others are named unknown', async () => {
    const w = world();
    const [a, b, gone] = [
      await createItem(w.deps, CreateItemBody.parse(itemInput())),
      await createItem(w.deps, CreateItemBody.parse(itemInput())),
      await createItem(w.deps, CreateItemBody.parse(itemInput())),
    ];
    await deleteItem(w.deps, gone.id);
    const never = upc();

    const found = await lookUpUpcs(w.deps, [b.upc, never, a.upc, gone.upc]);

    expect(found.items.map((item) => item.id)).toEqual([b.id, a.id]);
    expect(found.unknown).toEqual([never, gone.upc]);
  });

  it('when the UPC list has a bad code, more than 50 or none, then the query is refused; repeats count once', () => {
    const code = upc();
    expect(UpcLookupQuery.parse({ upcs: `${code}, ${code}` }).upcs).toEqual([code]);
    expect(UpcLookupQuery.safeParse({ upcs: '036000291453' }).success).toBe(false);
    expect(UpcLookupQuery.safeParse({ upcs: '' }).success).toBe(false);
    const many = Array.from({ length: 51 }, () => upc()).join(',');
    expect(UpcLookupQuery.safeParse({ upcs: many }).success).toBe(false);
  });

  it('when a UPC has the wrong length or letters, then it is refused', () => {
    for (const code of ['03600029145', '40063813339312', '03600029145X'])
      expect(CreateItemBody.safeParse(itemInput({ upc: code })).success, code).toBe(false);
  });

  it('when an item takes a UPC another item has, then 409 duplicate-upc and nothing is stored', async () => {
    const w = world();
    const first = await createItem(w.deps, CreateItemBody.parse(itemInput()));
    const copy = CreateItemBody.parse(itemInput({ upc: first.upc, name: 'Copy' }));

    await expect(createItem(w.deps, copy)).rejects.toMatchObject({ code: 'duplicate-upc' });

    expect((await getItemByUpc(w.deps, first.upc)).id).toBe(first.id);
    expect((await listItems(w.deps, { limit: 10 })).items).toHaveLength(1);
  });

  it('when a deleted item had the UPC, then it is still taken (a soft-deleted item keeps it)', async () => {
    const w = world();
    const gone = await createItem(w.deps, CreateItemBody.parse(itemInput()));
    await deleteItem(w.deps, gone.id);
    await expect(
      createItem(w.deps, CreateItemBody.parse(itemInput({ upc: gone.upc }))),
    ).rejects.toMatchObject({ code: 'duplicate-upc' });
  });

  it("when an item is replaced with another item's UPC, then 409 and it keeps its own", async () => {
    const w = world();
    const [a, b] = [
      await createItem(w.deps, CreateItemBody.parse(itemInput())),
      await createItem(w.deps, CreateItemBody.parse(itemInput())),
    ];
    await expect(
      replaceItem(w.deps, a.id, withoutStock(itemInput({ upc: b.upc }))),
    ).rejects.toMatchObject({ code: 'duplicate-upc' });
    expect((await getItem(w.deps, a.id)).upc).toBe(a.upc);
  });
});

describe('catalog writes', () => {
  it('when an item is created, then it has its initial stock on hand, nothing reserved', async () => {
    const w = world();
    const item = await createItem(w.deps, CreateItemBody.parse(itemInput({ initialStock: 7 })));
    expect(item.inventory).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await getItem(w.deps, item.id)).toEqual(item);
  });

  it('when an item is replaced, then its catalog fields change and its stock does not', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    await w.place([{ itemId, quantity: 2 }]);
    const before = await getItem(w.deps, itemId);

    const after = await replaceItem(
      w.deps,
      itemId,
      withoutStock(itemInput({ upc: before.upc, name: 'Studio Headphones II', unitPrice: 14_999 })),
    );

    expect(after).toMatchObject({ name: 'Studio Headphones II', unitPrice: 14_999 });
    expect(after.inventory).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it('when an unknown item is replaced or read, then 404', async () => {
    const w = world();
    const id = crypto.randomUUID();
    await expect(replaceItem(w.deps, id, withoutStock(itemInput()))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getItem(w.deps, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('when an item has an active hold, then it cannot be deleted (409); once released, it can', async () => {
    const w = world();
    const itemId = await w.addItem();
    const orderId = await w.place([{ itemId, quantity: 1 }]);

    await expect(deleteItem(w.deps, itemId)).rejects.toMatchObject({ code: 'item-held' });
    await releaseHoldOnRequest(w.deps, orderId);
    await deleteItem(w.deps, itemId);

    await expect(getItem(w.deps, itemId)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('inventory adjustments', () => {
  it('when stock is added, then onHand and available grow; nothing needs to be available for it', async () => {
    const w = world();
    const itemId = await w.addItem(2);
    expect(availableNeededFor(5)).toBe(0);
    expect(await adjustInventory(w.deps, itemId, 5)).toEqual({
      itemId,
      onHand: 7,
      reserved: 0,
      available: 7,
    });
  });

  it('when a shrink takes exactly the unreserved stock, then onHand falls to what is reserved', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    await w.place([{ itemId, quantity: 4 }]);
    expect(await adjustInventory(w.deps, itemId, -1)).toEqual({
      itemId,
      onHand: 4,
      reserved: 4,
      available: 0,
    });
  });

  it('when a shrink would take reserved stock, then 409 insufficient-stock and nothing changes', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    await w.place([{ itemId, quantity: 4 }]);
    expect(availableNeededFor(-2)).toBe(2);

    const failure = await adjustInventory(w.deps, itemId, -2).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ConflictError);
    expect(failure).toMatchObject({ code: 'insufficient-stock' });
    expect(await w.inventory(itemId)).toEqual({ onHand: 5, reserved: 4, available: 1 });
  });

  it('when an unknown item is adjusted, then 404', async () => {
    const w = world();
    await expect(adjustInventory(w.deps, crypto.randomUUID(), 1)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
