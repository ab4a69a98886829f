import type { ShopEvent } from '@shop/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reactToEvent } from '../../src/consumers/saga-events.js';
import { IllegalTransitionError } from '../../src/domain/hold-transitions.js';
import { applyOnce, move } from '../../src/domain/lifecycle.js';
import { sweepHolds } from '../../src/domain/sweeper.js';
import { orderCancelled, paymentSucceeded } from './events.js';
import { beforeNext, type World, world } from './world.js';

const deliver = async (w: World, ...events: ShopEvent[]) => {
  for (const event of events) await reactToEvent(w.deps, event);
};

describe('generations and crash points', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('when a worker still releasing the old placement runs after a late payment placed the hold again, then it cannot take the new placement', async () => {
    const w = world();
    const itemId = await w.addItem(3);
    const orderId = await w.place([{ itemId, quantity: 3 }], 60);
    await move(w.deps, orderId, {
      from: 'HELD',
      to: 'RELEASING',
      set: { releaseReason: 'expired' },
    });
    const oldRelease = await w.read(orderId);
    await sweepHolds(w.later(120_000), { stuckAfterMs: 60_000 });
    expect(await w.status(orderId)).toBe('EXPIRED');
    // The late payment re-reserves (generation 1); the old worker acts before it commits.
    beforeNext(w.items, 'takeIf', async () => {
      expect(w.items.bookkeeping(itemId).reservations[orderId]).toEqual({
        quantity: 3,
        generation: 1,
      });
      await applyOnce(w.deps, oldRelease, { type: 'Resume' });
    });

    await deliver(w, paymentSucceeded(orderId));

    expect(await w.status(orderId)).toBe('COMMITTED');
    expect(await w.inventory(itemId)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryReleased', 'InventoryCommitted']);
  });

  it('when the process dies at item.mid-restock, then the redelivered cancel finishes the restock without putting the first line back twice', async () => {
    const w = world();
    const [a, b] = [await w.addItem(10), await w.addItem(10)];
    const orderId = await w.place([
      { itemId: a, quantity: 2 },
      { itemId: b, quantity: 3 },
    ]);
    await deliver(w, paymentSucceeded(orderId));
    const cancel = orderCancelled(orderId, true);
    vi.stubEnv('SHOP_CRASH_POINT', 'item.mid-restock');
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw new Error('killed at the crash point');
    });

    await expect(deliver(w, cancel)).rejects.toThrow('killed at the crash point');
    // Lines go in item-id order: the first one is back on hand, the other not yet.
    const [first, second] = [a, b].sort();
    expect(await w.status(orderId)).toBe('RESTOCKING');
    expect(await w.inventory(first as string)).toMatchObject({ onHand: 10 });
    expect((await w.inventory(second as string))?.onHand).toBeLessThan(10);

    vi.unstubAllEnvs();
    await deliver(w, cancel);

    expect(await w.status(orderId)).toBe('RESTOCKED');
    expect(await w.inventory(a)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await w.inventory(b)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryCommitted', 'InventoryReleased']);
  });

  it('when a move outside the transitions table is asked for, then it is refused before the store is touched', async () => {
    const w = world();
    const itemId = await w.addItem(10);
    const orderId = await w.place([{ itemId, quantity: 1 }]);
    const transition = vi.spyOn(w.holds, 'transition');

    await expect(move(w.deps, orderId, { from: 'HELD', to: 'RESTOCKED' })).rejects.toThrow(
      IllegalTransitionError,
    );
    expect(transition).not.toHaveBeenCalled();
    expect(await w.status(orderId)).toBe('HELD');
  });
});
