import { describe, expect, it } from 'vitest';
import { reactToEvent } from '../../src/consumers/saga-events.js';
import { move } from '../../src/domain/lifecycle.js';
import { sweepHolds } from '../../src/domain/sweeper.js';
import { orderCancelled, paymentSucceeded } from './events.js';
import { beforeNext, halfPlacedHold, type World, world } from './world.js';

const HOUR = 3_600_000;
const sweepAt = async (w: World, offsetMs: number, restockRetentionMs = 24 * HOUR) =>
  await sweepHolds(w.later(offsetMs), { stuckAfterMs: 60_000, restockRetentionMs });

describe('hold sweeper: deadlines', () => {
  it('when a HELD hold passes its deadline, then it is EXPIRED with InventoryReleased(expired), not a moment before', async () => {
    const w = world();
    const itemId = await w.addItem(4);
    const orderId = await w.place([{ itemId, quantity: 4 }], 30);

    expect((await sweepAt(w, 10_000)).expired).toBe(0);
    expect((await sweepAt(w, 31_000)).expired).toBe(1);

    expect(await w.status(orderId)).toBe('EXPIRED');
    expect(await w.inventory(itemId)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(w.holds.outbox(orderId).map((event) => event.data)).toEqual([
      { reason: 'expired', from: 'HELD', lines: [{ itemId, quantity: 4 }] },
    ]);
  });

  it('when two sweepers run at once, then each overdue hold is expired once', async () => {
    const w = world();
    const itemId = await w.addItem(6);
    const orders = [
      await w.place([{ itemId, quantity: 2 }], 30),
      await w.place([{ itemId, quantity: 3 }], 30),
    ];

    const reports = await Promise.all([sweepAt(w, 31_000), sweepAt(w, 31_000)]);

    expect(reports.reduce((sum, report) => sum + report.expired, 0)).toBe(2);
    for (const orderId of orders) expect(w.eventTypes(orderId)).toEqual(['InventoryReleased']);
    expect(await w.inventory(itemId)).toEqual({ onHand: 6, reserved: 0, available: 6 });
  });
});

describe('hold sweeper: interrupted steps', () => {
  it('when a placement died half-way, then after the stuck limit it is rolled back and deleted, and can be placed again', async () => {
    const w = world();
    const { a, orderId, lines } = await halfPlacedHold(w, 3);

    expect((await sweepAt(w, 10_000)).resumed).toBe(0);
    expect((await sweepAt(w, 120_000)).resumed).toBe(1);

    expect(await w.holds.find(orderId)).toBeNull();
    expect(await w.inventory(a)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(w.eventTypes(orderId)).toEqual([]);
    await w.place(lines);
  });

  it('when a commit died between two lines, then the sweeper finishes it: both sold once, one InventoryCommitted', async () => {
    const w = world();
    const [a, b] = [await w.addItem(5), await w.addItem(5)];
    const orderId = await w.place([
      { itemId: a, quantity: 1 },
      { itemId: b, quantity: 2 },
    ]);
    await move(w.deps, orderId, { from: 'HELD', to: 'COMMITTING' });
    await w.items.takeIf(a, orderId, { quantity: 1 }, 'sale', w.deps.now());

    await sweepAt(w, 120_000);
    await sweepAt(w, 120_000);

    expect(await w.status(orderId)).toBe('COMMITTED');
    expect(await w.inventory(a)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(await w.inventory(b)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryCommitted']);
  });

  it('when a re-hold for a late payment died, then the sweeper ends it EXPIRED and answers the payment (interrupted)', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = await w.place([{ itemId, quantity: 2 }], 30);
    await sweepAt(w, 31_000);
    await move(w.deps, orderId, {
      from: 'EXPIRED',
      to: 'PENDING',
      set: { commitAfterHold: true, generation: 1 },
    });
    await w.items.reserveIfFree(itemId, orderId, { quantity: 2, generation: 1 }, w.deps.now());

    await sweepAt(w, 120_000);

    expect(await w.holds.find(orderId)).toMatchObject({
      status: 'EXPIRED',
      commitAfterHold: false,
    });
    expect(await w.inventory(itemId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(w.holds.outbox(orderId).at(-1)?.data).toEqual({ reason: 'interrupted', shortLines: [] });
  });

  it.each([
    ['the new line fits', 5, 4],
    ['the new line is short', 3, 2],
  ])(
    'when a line change (2 → 4) died half-way and %s, then the sweeper finishes or undoes it',
    async (_case, stock, reserved) => {
      const w = world();
      const itemId = await w.addItem(stock);
      const orderId = await w.place([{ itemId, quantity: 2 }]);
      await move(w.deps, orderId, {
        from: 'HELD',
        to: 'REHOLDING',
        set: { previousLines: [{ itemId, quantity: 2 }], lines: [{ itemId, quantity: 4 }] },
      });

      await sweepAt(w, 120_000);

      const hold = await w.holds.find(orderId);
      expect(hold).toMatchObject({ status: 'HELD', previousLines: null });
      expect(hold?.lines).toEqual([{ itemId, quantity: reserved }]);
      expect((await w.inventory(itemId))?.reserved).toBe(reserved);
    },
  );
});

describe('hold sweeper: orphans and restock markers', () => {
  it('when a reservation belongs to no hold, then it is released once older than the stuck limit', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    await w.items.reserveIfFree(
      itemId,
      crypto.randomUUID(),
      { quantity: 2, generation: 0 },
      w.deps.now(),
    );

    expect((await sweepAt(w, 10_000)).orphansReleased).toBe(0);
    expect((await sweepAt(w, 120_000)).orphansReleased).toBe(1);

    expect(await w.inventory(itemId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('when an orphan is placed again between the read and the release, then the release (of the generation read) leaves it', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = crypto.randomUUID();
    await w.items.reserveIfFree(itemId, orderId, { quantity: 2, generation: 0 }, w.deps.now());
    beforeNext(w.items, 'takeIf', async () => {
      // A placement of generation 1 takes the entry over before the sweeper's guarded release.
      await w.items.takeIf(
        itemId,
        orderId,
        { quantity: 2, generation: 0 },
        'release',
        w.deps.now(),
      );
      await w.items.reserveIfFree(itemId, orderId, { quantity: 2, generation: 1 }, w.deps.now());
    });

    expect((await sweepAt(w, 120_000)).orphansReleased).toBe(0);

    expect(w.items.bookkeeping(itemId).reservations[orderId]).toEqual({
      quantity: 2,
      generation: 1,
    });
    expect(await w.inventory(itemId)).toMatchObject({ reserved: 2 });
  });

  it('when a held hold still claims its reservation, then the sweeper never releases it, however old', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = await w.place([{ itemId, quantity: 2 }], 86_400);

    expect((await sweepAt(w, 3 * HOUR)).orphansReleased).toBe(0);
    expect(await w.status(orderId)).toBe('HELD');
    expect(await w.inventory(itemId)).toMatchObject({ reserved: 2 });
  });

  it('when a restock is done, then its markers stay for the retention and are forgotten after it', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = await w.place([{ itemId, quantity: 2 }]);
    await reactToEvent(w.deps, paymentSucceeded(orderId));
    await reactToEvent(w.deps, orderCancelled(orderId, true));

    await sweepAt(w, 23 * HOUR);
    expect(w.items.bookkeeping(itemId).restocked).toEqual([orderId]);
    await sweepAt(w, 25 * HOUR);
    expect(w.items.bookkeeping(itemId).restocked).toEqual([]);
    expect(await w.inventory(itemId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('when a restock is still RESTOCKING past the retention, then its markers are kept (they guard the lines already put back)', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = await w.place([{ itemId, quantity: 2 }]);
    await reactToEvent(w.deps, paymentSucceeded(orderId));
    await move(w.deps, orderId, { from: 'COMMITTED', to: 'RESTOCKING' });
    await w.items.restockOnce(itemId, orderId, 2, w.deps.now());
    const finishes = w.holds.stuck;
    w.holds.stuck = async () => []; // this pass does not resume it: only the markers are looked at

    await sweepAt(w, 25 * HOUR);

    w.holds.stuck = finishes;
    expect(w.items.bookkeeping(itemId).restocked).toEqual([orderId]);
    await sweepAt(w, 25 * HOUR);
    expect(await w.status(orderId)).toBe('RESTOCKED');
    expect(await w.inventory(itemId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });
});
