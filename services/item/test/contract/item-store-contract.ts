import { describe, expect, it } from 'vitest';
import { anItem, at, type Stores } from './fixtures.js';

/** The guarded item updates the domain composes (see ItemStore). */
export const itemStoreContract = (name: string, stores: () => Stores) => {
  const stockOf = async ({ items }: Stores, id: string) => (await items.findById(id))?.inventory;
  const added = async (s: Stores, onHand = 10) => {
    const item = anItem(onHand);
    expect(await s.items.insert(item)).toBe('created');
    return item.id;
  };

  describe(`${name}: item guards`, () => {
    it('when a reservation fits, then it is taken once per order; when short or for a deleted item, then refused', async () => {
      const s = stores();
      const [id, gone] = [await added(s, 5), await added(s, 5)];
      const orderId = crypto.randomUUID();
      await s.items.delete(gone, at(1));

      expect(await s.items.reserveIfFree(id, orderId, { quantity: 3, generation: 0 }, at(1))).toBe(
        true,
      );
      expect(await s.items.reserveIfFree(id, orderId, { quantity: 1, generation: 0 }, at(2))).toBe(
        false,
      );
      expect(
        await s.items.reserveIfFree(id, crypto.randomUUID(), { quantity: 3, generation: 0 }, at(2)),
      ).toBe(false);
      expect(
        await s.items.reserveIfFree(gone, orderId, { quantity: 1, generation: 0 }, at(2)),
      ).toBe(false);
      expect(await stockOf(s, id)).toEqual({ onHand: 5, reserved: 3, available: 2 });
      expect(await s.items.reservationOf(id, orderId)).toEqual({ quantity: 3, generation: 0 });
      expect(await s.items.availableOf(id)).toBe(2);
      expect(await s.items.availableOf(gone)).toBeNull();
    });

    it('when a reservation is taken, then only with its quantity and generation; a release gives it back, a sale takes it off hand', async () => {
      const s = stores();
      const id = await added(s, 10);
      const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
      await s.items.reserveIfFree(id, first, { quantity: 2, generation: 1 }, at(1));
      await s.items.reserveIfFree(id, second, { quantity: 3, generation: 0 }, at(1));

      expect(await s.items.takeIf(id, first, { quantity: 3 }, 'release', at(2))).toBe(false);
      expect(
        await s.items.takeIf(id, first, { quantity: 2, generation: 0 }, 'release', at(2)),
      ).toBe(false);
      expect(
        await s.items.takeIf(id, first, { quantity: 2, generation: 1 }, 'release', at(2)),
      ).toBe(true);
      expect(
        await s.items.takeIf(id, first, { quantity: 2, generation: 1 }, 'release', at(3)),
      ).toBe(false);
      expect(await s.items.takeIf(id, second, { quantity: 3 }, 'sale', at(3))).toBe(true);

      expect(await stockOf(s, id)).toEqual({ onHand: 7, reserved: 0, available: 7 });
      expect(await s.items.reservationOf(id, first)).toBeNull();
    });

    it('when a reservation is resized, then only from its current quantity, and growing only into available stock', async () => {
      const s = stores();
      const id = await added(s, 5);
      const orderId = crypto.randomUUID();
      await s.items.reserveIfFree(id, orderId, { quantity: 2, generation: 0 }, at(1));

      expect(await s.items.resizeIf(id, orderId, 3, 4, at(2))).toBe(false);
      expect(await s.items.resizeIf(id, orderId, 2, 6, at(2))).toBe(false);
      expect(await s.items.resizeIf(id, orderId, 2, 5, at(2))).toBe(true);
      expect(await s.items.resizeIf(id, orderId, 5, 1, at(3))).toBe(true);

      expect(await stockOf(s, id)).toEqual({ onHand: 5, reserved: 1, available: 4 });
      expect(await s.items.reservationOf(id, orderId)).toEqual({ quantity: 1, generation: 0 });
    });

    it('when an order is restocked twice, then its marker makes the second a no-op until it is forgotten', async () => {
      const s = stores();
      const id = await added(s, 5);
      const orderId = crypto.randomUUID();

      expect(await s.items.restockOnce(id, orderId, 2, at(1))).toBe(true);
      expect(await s.items.restockOnce(id, orderId, 2, at(2))).toBe(false);
      expect(await stockOf(s, id)).toEqual({ onHand: 7, reserved: 0, available: 7 });

      await s.items.forgetRestock(id, orderId);
      expect(await s.items.restockOnce(id, orderId, 1, at(3))).toBe(true);
      expect(await stockOf(s, id)).toMatchObject({ onHand: 8 });
    });

    it('when markers are listed, then reservations and restocks older than their limits come back, with the generation', async () => {
      const s = stores();
      const id = await added(s, 10);
      const [old, fresh, restocked] = [
        crypto.randomUUID(),
        crypto.randomUUID(),
        crypto.randomUUID(),
      ];
      await s.items.reserveIfFree(id, old, { quantity: 1, generation: 2 }, at(1));
      await s.items.reserveIfFree(id, fresh, { quantity: 1, generation: 0 }, at(100));
      await s.items.restockOnce(id, restocked, 1, at(1));

      const markers = await s.items.staleMarkers({ reservations: at(50), restocks: at(50) }, 1_000);

      const mine = markers.filter((marker) => marker.itemId === id);
      expect(mine).toContainEqual({ itemId: id, orderId: old, kind: 'reservation', generation: 2 });
      expect(mine).toContainEqual({ itemId: id, orderId: restocked, kind: 'restock' });
      expect(mine.some((marker) => marker.orderId === fresh)).toBe(false);
    });

    it('when a UPC is taken (even by a deleted item), then insert and replace answer duplicate-upc', async () => {
      const s = stores();
      const [a, b] = [anItem(), anItem()];
      await s.items.insert(a);
      await s.items.insert(b);
      await s.items.delete(b.id, at(1));

      expect(await s.items.insert(anItem(1, a.upc))).toBe('duplicate-upc');
      expect(await s.items.insert(anItem(1, b.upc))).toBe('duplicate-upc');
      const { id: _id, inventory: _i, createdAt: _c, ...fields } = a;
      expect(await s.items.replace(a.id, { ...fields, upc: b.upc })).toBe('duplicate-upc');
      expect(await s.items.replace(b.id, fields)).toBe('missing');
      expect((await s.items.findById(a.id))?.upc).toBe(a.upc);
    });

    it('when items are looked up by several UPCs, then the live ones come back in one read and a deleted one does not', async () => {
      const s = stores();
      const [a, b, gone] = [anItem(), anItem(), anItem()];
      for (const item of [a, b, gone]) await s.items.insert(item);
      await s.items.delete(gone.id, at(1));

      const found = await s.items.findByUpcs([a.upc, gone.upc, b.upc, anItem().upc]);
      expect(found.map((item) => item.id).sort()).toEqual([a.id, b.id].sort());
      expect(await s.items.findByUpcs([gone.upc])).toEqual([]);
    });

    it('when stock is adjusted, then the available guard refuses a shrink into reserved stock', async () => {
      const s = stores();
      const id = await added(s, 5);
      await s.items.reserveIfFree(id, crypto.randomUUID(), { quantity: 4, generation: 0 }, at(1));

      expect(await s.items.adjust(id, -2, 2, at(2))).toBe('refused');
      expect(await s.items.adjust(id, -1, 1, at(2))).toMatchObject({
        inventory: { onHand: 4, available: 0 },
      });
      expect(await s.items.adjust(crypto.randomUUID(), 1, 0, at(2))).toBeNull();
      expect(await s.items.delete(id, at(3))).toBe('held');
    });
  });
};
