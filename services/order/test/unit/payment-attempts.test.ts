import type { PaymentAttemptBody } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { updateOrderItems } from '../../src/domain/change-items.js';
import { createOrder } from '../../src/domain/create-order.js';
import type { OrderRecord } from '../../src/domain/model.js';
import { decidePaymentAttempt, registerPaymentAttempt } from '../../src/domain/payment-attempts.js';
import { anOrder, customer, memoryDeps } from './memory/fixtures.js';

const attemptFor = (
  order: Pick<OrderRecord, 'userId' | 'totalAmount' | 'currency'>,
  overrides: Partial<PaymentAttemptBody> = {},
): PaymentAttemptBody => ({
  paymentId: crypto.randomUUID(),
  attempt: 1,
  userId: order.userId,
  amount: order.totalAmount,
  currency: order.currency,
  ...overrides,
});

describe('what a payment attempt may do', () => {
  it.each(['PENDING_PAYMENT', 'PAYMENT_FAILED'] as const)(
    'when the order is %s and costs the amount, then the attempt is recorded',
    (status) => {
      const order = anOrder({ status });
      const body = attemptFor(order, { attempt: 2 });
      expect(decidePaymentAttempt(order, body)).toEqual({
        changes: { paymentAttempt: `${body.paymentId}#2` },
        events: [],
      });
    },
  );

  it('when the same attempt is registered again, then nothing to do', () => {
    const order = anOrder();
    const body = attemptFor(order);
    expect(
      decidePaymentAttempt({ ...order, paymentAttempt: `${body.paymentId}#1` }, body),
    ).toBeNull();
  });

  it.each(['PAID', 'COMPLETED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const)(
    'when the order is %s, then 409 order-not-payable',
    (status) => {
      const order = anOrder({ status });
      expect(decidePaymentAttempt(order, attemptFor(order))).toMatchObject({
        refused: { status: 409, code: 'order-not-payable' },
      });
    },
  );

  it("when the amount or the currency is not the order's, then 422 amount-mismatch", () => {
    const order = anOrder();
    for (const body of [
      attemptFor(order, { amount: order.totalAmount + 1 }),
      attemptFor(order, { currency: 'EUR' }),
    ])
      expect(decidePaymentAttempt(order, body)).toMatchObject({
        refused: { status: 422, code: 'amount-mismatch' },
      });
  });

  it("when the payer is not the order's customer, then 404", () => {
    const order = anOrder();
    expect(
      decidePaymentAttempt(order, attemptFor(order, { userId: crypto.randomUUID() })),
    ).toMatchObject({ refused: { status: 404 } });
  });
});

describe('registering a payment attempt', () => {
  const placed = async () => {
    const memory = memoryDeps();
    const lamp = memory.inventory.addItem({ unitPrice: 1_000, stock: 10 });
    const buyer = customer();
    const order = await createOrder(memory.deps, buyer, { items: [{ itemId: lamp, quantity: 1 }] });
    return { ...memory, lamp, buyer, order };
  };

  it('when an attempt is registered, then the order is frozen: its items can no longer change', async () => {
    const { deps, orders, lamp, buyer, order } = await placed();
    const body = attemptFor(order);

    const registered = await registerPaymentAttempt(deps, order.id, body);
    const again = await registerPaymentAttempt(deps, order.id, body);

    expect(registered.version).toBe(2);
    expect(again.version).toBe(2);
    expect((await orders.find(order.id))?.paymentAttempt).toBe(`${body.paymentId}#1`);
    await expect(
      updateOrderItems(deps, buyer, order.id, [{ itemId: lamp, quantity: 3 }]),
    ).rejects.toMatchObject({ status: 409, code: 'payment-started' });
  });

  it('when a change stopped between its hold and its order write, then the hold is put back to the order first', async () => {
    const { deps, inventory, lamp, order } = await placed();
    const hold = inventory.holds.get(order.id);
    if (hold) hold.lines = [{ itemId: lamp, quantity: 4 }];

    await registerPaymentAttempt(deps, order.id, attemptFor(order));

    expect(inventory.holds.get(order.id)?.lines).toEqual([{ itemId: lamp, quantity: 1 }]);
  });

  it('when the hold cannot be put back for lack of stock, then 409 with the short lines and nothing recorded', async () => {
    const { deps, orders, inventory, lamp, buyer } = await placed();
    const order = await createOrder(deps, buyer, { items: [{ itemId: lamp, quantity: 3 }] });
    // A change to 1 stopped after its hold; another order then held what was freed.
    const hold = inventory.holds.get(order.id);
    if (hold) hold.lines = [{ itemId: lamp, quantity: 1 }];
    await inventory.placeHold(crypto.randomUUID(), [{ itemId: lamp, quantity: 8 }], 60);

    await expect(registerPaymentAttempt(deps, order.id, attemptFor(order))).rejects.toMatchObject({
      status: 409,
      code: 'insufficient-stock',
      extensions: { shortLines: [{ itemId: lamp, requested: 3, available: 1 }] },
    });
    expect((await orders.find(order.id))?.paymentAttempt).toBeNull();
  });

  it('when the items change while the attempt is being registered, then the attempt sees the new total: 422', async () => {
    const { deps, orders, inventory, lamp, buyer, order } = await placed();
    const body = attemptFor(order);
    // The PATCH lands between the attempt's read and its compare-and-set.
    orders.interleave(async () => {
      await updateOrderItems(deps, buyer, order.id, [{ itemId: lamp, quantity: 2 }]);
    });

    await expect(registerPaymentAttempt(deps, order.id, body)).rejects.toMatchObject({
      status: 422,
      code: 'amount-mismatch',
    });
    expect(await orders.find(order.id)).toMatchObject({ totalAmount: 2_000, paymentAttempt: null });
    expect(inventory.holds.get(order.id)?.lines).toEqual([{ itemId: lamp, quantity: 2 }]);
  });

  it('when the order does not exist, then 404', async () => {
    const { deps } = memoryDeps();
    await expect(
      registerPaymentAttempt(deps, crypto.randomUUID(), attemptFor(anOrder())),
    ).rejects.toMatchObject({ status: 404 });
  });
});
