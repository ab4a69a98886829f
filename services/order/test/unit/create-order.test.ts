import { describe, expect, it } from 'vitest';
import { createOrder, newOrderRecord } from '../../src/domain/create-order.js';
import { customer, memoryDeps, T0 } from './memory/fixtures.js';

describe('placing an order', () => {
  it('when a customer orders, then the order is PENDING_PAYMENT, priced, held, and announced by OrderCreated', async () => {
    const { deps, orders, inventory } = memoryDeps();
    const lamp = inventory.addItem({ unitPrice: 2_500, stock: 5 });
    const buyer = customer();

    const order = await createOrder(deps, buyer, { items: [{ itemId: lamp, quantity: 2 }] });

    expect(order).toMatchObject({
      userId: buyer.id,
      status: 'PENDING_PAYMENT',
      paymentStatus: 'NONE',
      totalAmount: 5_000,
      version: 1,
      createdAt: T0.toISOString(),
      expiresAt: new Date(T0.getTime() + 900_000).toISOString(),
    });
    expect(order).not.toHaveProperty('stockCommitted');
    expect(order).not.toHaveProperty('paymentAttempt');
    expect(inventory.holds.get(order.id)).toEqual({
      status: 'HELD',
      lines: [{ itemId: lamp, quantity: 2 }],
      ttlSeconds: 900 + 300,
    });
    const [created] = orders.outbox(order.id);
    expect(created).toMatchObject({
      type: 'OrderCreated',
      data: { userId: buyer.id, totalAmount: 5_000, expiresAt: order.expiresAt },
    });
  });

  it('when stock is short, then 409 names the short lines and no order is stored', async () => {
    const { deps, orders, inventory } = memoryDeps();
    const lamp = inventory.addItem({ stock: 1 });
    const buyer = customer();

    await expect(
      createOrder(deps, buyer, { items: [{ itemId: lamp, quantity: 2 }] }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'insufficient-stock',
      extensions: { shortLines: [{ itemId: lamp, requested: 2, available: 1 }] },
    });
    expect((await orders.listByUser(buyer.id, 10, undefined)).ids).toEqual([]);
  });

  it('when the order cannot be stored after its hold was placed, then the hold is released and 503', async () => {
    const { deps, orders, inventory } = memoryDeps();
    const lamp = inventory.addItem({ stock: 3 });
    orders.failNextCreate = new Error('NoHostAvailableError');

    await expect(
      createOrder(deps, customer(), { items: [{ itemId: lamp, quantity: 3 }] }),
    ).rejects.toMatchObject({ status: 503 });
    expect([...inventory.holds.values()].map((hold) => hold.status)).toEqual(['RELEASED']);
    expect(inventory.reserved(lamp)).toBe(0);
  });

  it('when an item does not exist, then 422 and nothing is held', async () => {
    const { deps, inventory } = memoryDeps();

    await expect(
      createOrder(deps, customer(), { items: [{ itemId: crypto.randomUUID(), quantity: 1 }] }),
    ).rejects.toMatchObject({ status: 422, code: 'unknown-item' });
    expect(inventory.holds.size).toBe(0);
  });

  it('when a new order is made, then it is due at the payment deadline and has no payment yet', () => {
    const record = newOrderRecord({
      id: crypto.randomUUID(),
      userId: crypto.randomUUID(),
      priced: { items: [], totalAmount: 0, currency: 'USD' },
      shippingAddress: null,
      now: T0,
      paymentDeadlineSeconds: 60,
    });
    expect(record).toMatchObject({
      status: 'PENDING_PAYMENT',
      paymentStatus: 'NONE',
      paymentId: null,
      paymentAttempt: null,
      stockCommitted: false,
      version: 1,
      expiresAt: new Date(T0.getTime() + 60_000),
    });
  });
});
