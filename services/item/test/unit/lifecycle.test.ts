import type { ShopEvent } from '@shop/contracts';
import { isTransientError } from '@shop/platform/failures';
import { describe, expect, it, vi } from 'vitest';
import { reactToEvent } from '../../src/consumers/saga-events.js';
import { newHold } from '../../src/domain/hold-requests.js';
import { applyOnce, HoldBusyError, move } from '../../src/domain/lifecycle.js';
import { sweepHolds } from '../../src/domain/sweeper.js';
import { orderCancelled, paymentSucceeded } from './events.js';
import { type World, world } from './world.js';

const deliver = async (w: World, ...events: ShopEvent[]) => {
  for (const event of events) await reactToEvent(w.deps, event);
};
const expireAll = async (w: World) => {
  w.advance(3_600_000);
  await sweepHolds(w.deps, { stuckAfterMs: 7_200_000 });
};

describe('PaymentSucceeded', () => {
  it('when a HELD hold is paid, then its stock is sold once and InventoryCommitted announced once, even if redelivered', async () => {
    const w = world();
    const itemId = await w.addItem(10);
    const orderId = await w.place([{ itemId, quantity: 2 }]);
    const payment = paymentSucceeded(orderId);

    await deliver(w, payment, payment);

    expect(w.holds.pathOf(orderId)).toEqual([
      'PENDING→HELD',
      'HELD→COMMITTING',
      'COMMITTING→COMMITTED',
    ]);
    expect(await w.inventory(itemId)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryCommitted']);
  });

  it('when the same payment is handled twice at once, then the stock is sold once', async () => {
    const w = world();
    const itemId = await w.addItem(10);
    const orderId = await w.place([{ itemId, quantity: 3 }]);
    const payment = paymentSucceeded(orderId);

    await Promise.all([deliver(w, payment), deliver(w, payment)]);

    expect(await w.inventory(itemId)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryCommitted']);
  });

  it('when the hold expired but stock remains, then it is placed again as generation 1 and committed', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = await w.place([{ itemId, quantity: 3 }], 60);
    await expireAll(w);

    await deliver(w, paymentSucceeded(orderId));

    expect(await w.holds.find(orderId)).toMatchObject({ status: 'COMMITTED', generation: 1 });
    expect(w.holds.pathOf(orderId).slice(-3)).toEqual([
      'EXPIRED→PENDING',
      'PENDING→COMMITTING',
      'COMMITTING→COMMITTED',
    ]);
    expect(await w.inventory(itemId)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryReleased', 'InventoryCommitted']);
  });

  it('when the hold expired and its stock is gone, then InventoryCommitFailed names the short line, and a redelivery does nothing more', async () => {
    const w = world();
    const itemId = await w.addItem(2);
    const orderId = await w.place([{ itemId, quantity: 2 }], 60);
    await expireAll(w);
    await w.place([{ itemId, quantity: 2 }]);
    const payment = paymentSucceeded(orderId);

    await deliver(w, payment);
    const find = vi.spyOn(w.holds, 'find');
    await deliver(w, payment);

    expect(find).toHaveBeenCalledTimes(1);
    expect(await w.status(orderId)).toBe('EXPIRED');
    expect(w.holds.outbox(orderId).map((event) => [event.type, event.data])).toEqual([
      ['InventoryReleased', { reason: 'expired', from: 'HELD', lines: [{ itemId, quantity: 2 }] }],
      [
        'InventoryCommitFailed',
        { reason: 'insufficient_stock', shortLines: [{ itemId, requested: 2, available: 0 }] },
      ],
    ]);
    expect(await w.inventory(itemId)).toEqual({ onHand: 2, reserved: 2, available: 0 });
  });

  it('when no hold exists, then a FAILED tombstone answers InventoryCommitFailed no_hold', async () => {
    const w = world();
    const orderId = crypto.randomUUID();
    await deliver(w, paymentSucceeded(orderId));
    expect(await w.status(orderId)).toBe('FAILED');
    expect(w.holds.outbox(orderId).map((event) => event.data)).toEqual([
      { reason: 'no_hold', shortLines: [] },
    ]);
  });

  it('when the hold is being placed (PENDING), then the payment is busy: a transient failure the consumer retries', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = crypto.randomUUID();
    const placing = newHold({ orderId, lines: [{ itemId, quantity: 1 }] }, w.deps.now(), 60);
    await w.holds.insert(placing);

    const failure = await deliver(w, paymentSucceeded(orderId)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(HoldBusyError);
    expect(isTransientError(failure)).toBe(true);
    expect(await w.status(orderId)).toBe('PENDING');
  });
});

describe('OrderCancelled', () => {
  it('when a HELD hold is cancelled, then its stock is released once with InventoryReleased from HELD', async () => {
    const w = world();
    const itemId = await w.addItem(4);
    const orderId = await w.place([{ itemId, quantity: 4 }]);
    const cancel = orderCancelled(orderId);

    await deliver(w, cancel, cancel);

    expect(await w.status(orderId)).toBe('RELEASED');
    expect(await w.inventory(itemId)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(w.holds.outbox(orderId).map((event) => event.data)).toEqual([
      { reason: 'cancelled', from: 'HELD', lines: [{ itemId, quantity: 4 }] },
    ]);
  });

  it('when a COMMITTED hold is cancelled, then its stock is restocked once, marked in each item', async () => {
    const w = world();
    const [a, b] = [await w.addItem(10), await w.addItem(10)];
    const orderId = await w.place([
      { itemId: a, quantity: 4 },
      { itemId: b, quantity: 1 },
    ]);
    await deliver(w, paymentSucceeded(orderId));
    const cancel = orderCancelled(orderId, true);

    await deliver(w, cancel, cancel);

    expect(await w.status(orderId)).toBe('RESTOCKED');
    expect(await w.inventory(a)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await w.inventory(b)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(w.items.bookkeeping(a).restocked).toEqual([orderId]);
    expect(w.eventTypes(orderId)).toEqual(['InventoryCommitted', 'InventoryReleased']);
  });

  it('when a worker that read the hold as RESTOCKING restocks after another finished, then the markers make it change nothing', async () => {
    const w = world();
    const itemId = await w.addItem(10);
    const orderId = await w.place([{ itemId, quantity: 3 }]);
    await deliver(w, paymentSucceeded(orderId));
    await move(w.deps, orderId, { from: 'COMMITTED', to: 'RESTOCKING' });
    const staleRead = await w.read(orderId);
    await sweepHolds(w.later(120_000), { stuckAfterMs: 60_000 });

    await applyOnce(w.deps, staleRead, { type: 'Resume' });

    expect(await w.status(orderId)).toBe('RESTOCKED');
    expect(await w.inventory(itemId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(w.eventTypes(orderId)).toEqual(['InventoryCommitted', 'InventoryReleased']);
  });

  it('when an expired hold is cancelled, then a later payment is refused (order_cancelled) instead of holding it again', async () => {
    const w = world();
    const itemId = await w.addItem(10);
    const orderId = await w.place([{ itemId, quantity: 1 }], 60);
    await expireAll(w);

    await deliver(w, orderCancelled(orderId), paymentSucceeded(orderId));

    expect(await w.holds.find(orderId)).toMatchObject({ status: 'RELEASED', generation: 0 });
    expect(w.holds.outbox(orderId).at(-1)?.data).toEqual({
      reason: 'order_cancelled',
      shortLines: [],
    });
    expect(await w.inventory(itemId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
  });

  it('when the cancel arrives before the hold exists, then the payment that follows is refused and nothing is sold', async () => {
    const w = world();
    const orderId = crypto.randomUUID();
    await deliver(w, orderCancelled(orderId), paymentSucceeded(orderId));
    expect(await w.holds.find(orderId)).toMatchObject({
      status: 'RELEASED',
      releaseReason: 'cancelled',
    });
    expect(w.holds.outbox(orderId).map((event) => event.data)).toEqual([
      { reason: 'order_cancelled', shortLines: [] },
    ]);
  });

  it.each([
    ['the payment first', true],
    ['the cancel first', false],
  ])(
    'when a payment and a cancel race (%s), then the stock ends where it began and the events tell one story',
    async (_case, paymentFirst) => {
      const w = world();
      const itemId = await w.addItem(5);
      const orderId = await w.place([{ itemId, quantity: 2 }]);
      const payment = paymentSucceeded(orderId);
      const cancel = orderCancelled(orderId, paymentFirst);
      /** A consumer retries a transient failure until the hold is free. */
      const consume = async (event: ShopEvent) => {
        for (;;) {
          try {
            return await deliver(w, event);
          } catch (error) {
            if (!(error instanceof HoldBusyError)) throw error;
          }
        }
      };

      await Promise.all(
        paymentFirst ? [consume(payment), consume(cancel)] : [consume(cancel), consume(payment)],
      );

      expect(await w.inventory(itemId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
      expect(
        w.holds
          .outbox(orderId)
          .map((event) => [event.type, 'reason' in event.data ? event.data.reason : null]),
      ).toEqual(
        paymentFirst
          ? [
              ['InventoryCommitted', null],
              ['InventoryReleased', 'cancelled'],
            ]
          : [
              ['InventoryReleased', 'cancelled'],
              ['InventoryCommitFailed', 'order_cancelled'],
            ],
      );
    },
  );
});
