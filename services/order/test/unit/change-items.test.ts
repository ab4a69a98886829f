import { describe, expect, it } from 'vitest';
import { decideItemsChange, updateOrderItems } from '../../src/domain/change-items.js';
import { createOrder } from '../../src/domain/create-order.js';
import type { OrderRecord } from '../../src/domain/model.js';
import { anOrder, customer, memoryDeps } from './memory/fixtures.js';

const placed = async (quantity = 2) => {
  const memory = memoryDeps();
  const lamp = memory.inventory.addItem({ unitPrice: 1_000, stock: 10 });
  const bulb = memory.inventory.addItem({ unitPrice: 300, stock: 10 });
  const buyer = customer();
  const order = await createOrder(memory.deps, buyer, { items: [{ itemId: lamp, quantity }] });
  return { ...memory, lamp, bulb, buyer, order };
};

describe('what a change of items may do', () => {
  const priced = { items: anOrder().items, totalAmount: 2_000, currency: 'USD' };

  it.each(['PENDING_PAYMENT', 'PAYMENT_FAILED'] as const)(
    'when the order is %s with no payment started, then the new lines are written with OrderUpdated',
    (status) => {
      const decision = decideItemsChange(anOrder({ status }), priced);
      expect(decision).toMatchObject({ changes: priced, events: [{ type: 'OrderUpdated' }] });
    },
  );

  it.each(['PAID', 'COMPLETED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const)(
    'when the order is %s, then 409 illegal-transition',
    (status) => {
      expect(decideItemsChange(anOrder({ status }), priced)).toMatchObject({
        refused: { status: 409, code: 'illegal-transition' },
      });
    },
  );

  it('when a payment attempt is registered, then 409 payment-started', () => {
    expect(decideItemsChange(anOrder({ paymentAttempt: 'p#1' }), priced)).toMatchObject({
      refused: { status: 409, code: 'payment-started' },
    });
  });
});

describe('changing the items of an order', () => {
  it('when an unpaid order changes, then the hold follows, new lines are priced, and OrderUpdated is written', async () => {
    const { deps, orders, inventory, lamp, bulb, buyer, order } = await placed();

    const changed = await updateOrderItems(deps, buyer, order.id, [
      { itemId: lamp, quantity: 1 },
      { itemId: bulb, quantity: 2 },
    ]);

    expect(changed).toMatchObject({ totalAmount: 1_000 + 600, version: 2 });
    expect(inventory.holds.get(order.id)?.lines).toEqual([
      { itemId: lamp, quantity: 1 },
      { itemId: bulb, quantity: 2 },
    ]);
    expect(await orders.find(order.id)).toMatchObject({ totalAmount: 1_600, version: 2 });
    expect(orders.outbox(order.id).map((event) => event.type)).toEqual([
      'OrderCreated',
      'OrderUpdated',
    ]);
  });

  it('when another customer tries, then 404 and nothing changes', async () => {
    const { deps, orders, inventory, lamp, order } = await placed();

    await expect(
      updateOrderItems(deps, customer(), order.id, [{ itemId: lamp, quantity: 5 }]),
    ).rejects.toMatchObject({ status: 404 });
    expect((await orders.find(order.id))?.version).toBe(1);
    expect(inventory.calls.filter((call) => call.startsWith('change'))).toEqual([]);
  });

  it('when a payment attempt is registered, then 409 before item-service is asked', async () => {
    const { deps, orders, inventory, lamp, buyer, order } = await placed();
    const stored = (await orders.find(order.id)) as OrderRecord;
    await orders.update(stored, {
      expectedVersion: 1,
      changes: { paymentAttempt: 'p#1' },
      events: [],
      now: new Date(),
    });

    await expect(
      updateOrderItems(deps, buyer, order.id, [{ itemId: lamp, quantity: 5 }]),
    ).rejects.toMatchObject({ status: 409, code: 'payment-started' });
    expect(inventory.calls.filter((call) => call.startsWith('change'))).toEqual([]);
  });

  it('when stock is short for the new lines, then 409 with the short lines and the order is unchanged', async () => {
    const { deps, orders, lamp, buyer, order } = await placed();

    await expect(
      updateOrderItems(deps, buyer, order.id, [{ itemId: lamp, quantity: 11 }]),
    ).rejects.toMatchObject({
      status: 409,
      extensions: { shortLines: [{ itemId: lamp, requested: 11, available: 10 }] },
    });
    expect((await orders.find(order.id))?.version).toBe(1);
  });

  it('when the hold is no longer HELD, then 409 hold-not-held, not 503', async () => {
    const { deps, inventory, lamp, buyer, order } = await placed();
    const hold = inventory.holds.get(order.id);
    if (hold) hold.status = 'COMMITTED';

    await expect(
      updateOrderItems(deps, buyer, order.id, [{ itemId: lamp, quantity: 3 }]),
    ).rejects.toMatchObject({ status: 409, code: 'hold-not-held' });
  });

  it('when a payment attempt is registered while the hold changes, then 409 order-changed and the hold goes back to the order', async () => {
    const { deps, orders, inventory, lamp, buyer, order } = await placed(2);
    inventory.duringNextChange(async () => {
      const current = (await orders.find(order.id)) as OrderRecord;
      await orders.update(current, {
        expectedVersion: current.version,
        changes: { paymentAttempt: 'p#1' },
        events: [],
        now: new Date(),
      });
    });

    await expect(
      updateOrderItems(deps, buyer, order.id, [{ itemId: lamp, quantity: 5 }]),
    ).rejects.toMatchObject({ status: 409, code: 'order-changed' });
    expect(inventory.holds.get(order.id)?.lines).toEqual([{ itemId: lamp, quantity: 2 }]);
    expect(await orders.find(order.id)).toMatchObject({
      totalAmount: 2_000,
      paymentAttempt: 'p#1',
      version: 2,
    });
  });
});
