import { HOLD_STATUSES } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { aHold, at, released, type Stores } from './fixtures.js';

/** The guarded hold writes the lifecycle relies on (see HoldStore). */
export const holdStoreContract = (name: string, stores: () => Stores) => {
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
