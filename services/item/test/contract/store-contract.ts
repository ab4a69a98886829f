import { createEvent, HOLD_STATUSES } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import type { HoldRecord, ItemRecord } from '../../src/domain/model.js';
import type { HoldStore, ItemStore } from '../../src/domain/ports.js';

export interface Stores {
  items: ItemStore;
  holds: HoldStore;
  /** Ids of the events waiting in the hold's outbox. */
  outboxOf(orderId: string): Promise<string[]>;
}

const T0 = new Date('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const validUpc = () => {
  const digits = Array.from({ length: 11 }, () => Math.floor(Math.random() * 10));
  const sum = digits.reduceRight((total, d, i) => total + d * ((10 - i) % 2 === 0 ? 3 : 1), 0);
  return `${digits.join('')}${(10 - (sum % 10)) % 10}`;
};

const anItem = (onHand = 10, upc = validUpc()): ItemRecord => ({
  id: crypto.randomUUID(),
  upc,
  name: 'Contract Speaker',
  description: 'a speaker',
  unitPrice: 4_999,
  currency: 'USD',
  pictures: [],
  category: 'audio',
  attributes: {},
  inventory: { onHand, reserved: 0, available: onHand },
  createdAt: T0,
  updatedAt: T0,
});

const aHold = (status: HoldRecord['status'], overrides: Partial<HoldRecord> = {}): HoldRecord => ({
  orderId: crypto.randomUUID(),
  status,
  lines: [{ itemId: crypto.randomUUID(), quantity: 1 }],
  previousLines: null,
  releaseReason: null,
  commitAfterHold: false,
  generation: 0,
  handledEvents: [],
  expiresAt: at(600),
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

const released = (orderId: string) =>
  createEvent('InventoryReleased', {
    orderId,
    source: 'item-service',
    data: { reason: 'cancelled', from: 'HELD', lines: [] },
  });

/**
 * What the domain relies on from its stores, run against every implementation: the MongoDB
 * repositories (service suite) and the in-memory ones the unit tests use, so the two cannot
 * drift apart. Each guard is checked both ways: it lets the right write through and refuses
 * the wrong one without changing anything.
 */
export const storeContract = (name: string, stores: () => Stores) => {
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

  describe(`${name}: hold guards`, () => {
    it('when a hold is inserted twice for an order, then the second is refused', async () => {
      const s = stores();
      const hold = aHold('PENDING');
      expect(await s.holds.insert(hold)).toBe(true);
      expect(await s.holds.insert({ ...hold, status: 'FAILED' })).toBe(false);
      expect(await s.holds.find(hold.orderId)).toMatchObject({
        status: 'PENDING',
        handledEvents: [],
      });
    });

    it('when a transition is applied, then only from its status and only once per event; state, events and event id together', async () => {
      const s = stores();
      const hold = aHold('HELD');
      await s.holds.insert(hold);
      const eventId = crypto.randomUUID();
      const event = released(hold.orderId);

      expect(await s.holds.transition(hold.orderId, 'EXPIRED', { to: 'RELEASED' }, at(1))).toBe(
        false,
      );
      expect(
        await s.holds.transition(
          hold.orderId,
          'HELD',
          {
            to: 'RELEASING',
            set: { releaseReason: 'cancelled' },
            events: [event],
            handledEventId: eventId,
          },
          at(2),
        ),
      ).toBe(true);
      expect(await s.holds.appendEvents(hold.orderId, [], eventId, at(3))).toBe(false);
      expect(
        await s.holds.transition(
          hold.orderId,
          'RELEASING',
          { to: 'RELEASED', handledEventId: eventId },
          at(3),
        ),
      ).toBe(false);

      expect(await s.holds.find(hold.orderId)).toMatchObject({
        status: 'RELEASING',
        releaseReason: 'cancelled',
        handledEvents: [eventId],
        updatedAt: at(2),
      });
      expect(await s.outboxOf(hold.orderId)).toEqual([event.eventId]);
    });

    it('when holds are deleted, then only a PENDING one, or a RELEASING one given up (abandoned)', async () => {
      const s = stores();
      const [pending, held, abandoned, cancelled] = [
        aHold('PENDING'),
        aHold('HELD'),
        aHold('RELEASING', { releaseReason: 'abandoned' }),
        aHold('RELEASING', { releaseReason: 'cancelled' }),
      ];
      for (const hold of [pending, held, abandoned, cancelled]) await s.holds.insert(hold);

      for (const hold of [pending, held]) await s.holds.deletePending(hold.orderId);
      for (const hold of [abandoned, cancelled]) await s.holds.deleteAbandoned(hold.orderId);

      expect(
        await s.holds.findMany([pending, held, abandoned, cancelled].map((h) => h.orderId)),
      ).toHaveLength(2);
      expect(await s.holds.find(held.orderId)).not.toBeNull();
      expect(await s.holds.find(cancelled.orderId)).not.toBeNull();
    });

    it('when holds are searched, then stuck finds old intermediate ones and expired finds HELD ones past their deadline', async () => {
      const s = stores();
      const stuck = aHold('COMMITTING', { updatedAt: at(-3_600) });
      const recent = aHold('COMMITTING', { updatedAt: at(10) });
      const overdue = aHold('HELD', { expiresAt: at(-1) });
      const released = aHold('RELEASED', { expiresAt: at(-1), updatedAt: at(-3_600) });
      for (const hold of [stuck, recent, overdue, released]) await s.holds.insert(hold);

      const found = (await s.holds.stuck(['COMMITTING', 'RELEASING'], at(0), 10_000)).map(
        (h) => h.orderId,
      );
      const late = (await s.holds.expired(at(0), 10_000)).map((h) => h.orderId);

      expect(found).toContain(stuck.orderId);
      expect(found).not.toContain(recent.orderId);
      expect(late).toContain(overdue.orderId);
      expect(late).not.toContain(released.orderId);
      expect(HOLD_STATUSES).toContain('COMMITTING');
    });
  });
};
