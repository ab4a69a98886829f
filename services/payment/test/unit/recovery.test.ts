import { describe, expect, it } from 'vitest';
import { attemptKey, type PaymentRecord } from '../../src/domain/model.js';
import { refundCancelledOrder, refundPayment } from '../../src/domain/payments.js';
import { reconcileCancelledOrders, resolveInterruptedCharges } from '../../src/domain/recovery.js';
import { settleCharge } from '../../src/domain/settlement.js';
import { processingPayment } from '../fixtures.js';
import { type PaymentWorld, paymentWorld } from './world.js';

/** A charge whose process died after writing its PROCESSING row (attempt 1). */
const started = async (world: PaymentWorld, amount = 2_500) => {
  const now = world.deps.now();
  const payment = processingPayment({ amount }, now);
  expect(await world.payments.startCharge(payment)).toBe(true);
  return payment;
};

/** …and died after the gateway charged it. */
const charged = async (world: PaymentWorld, amount?: number) => {
  const payment = await started(world, amount);
  await world.deps.gateway.authorize(attemptKey({ paymentId: payment.id, attempt: 1 }), {
    amount: payment.amount,
    currency: payment.currency,
    card: payment.card,
  });
  return payment;
};

const statusOf = (world: PaymentWorld, payment: PaymentRecord) =>
  world.payments.payments.get(payment.id)?.status;

describe('interrupted charges', () => {
  it('when the process died after the gateway charged, then housekeeping records SUCCEEDED from the ledger without a second charge', async () => {
    const world = paymentWorld();
    const payment = await charged(world);
    world.later();

    expect(await resolveInterruptedCharges(world.deps)).toBe(1);

    expect(statusOf(world, payment)).toBe('SUCCEEDED');
    expect(world.ledger.entries.size).toBe(1);
    expect(world.eventsOf(payment.orderId)).toMatchObject([
      { type: 'PaymentSucceeded', data: { paymentId: payment.id, attempt: 1 } },
    ]);
    expect(await resolveInterruptedCharges(world.deps)).toBe(0);
    expect(world.eventsOf(payment.orderId)).toHaveLength(1);
  });

  it('when the process died before the gateway was asked, then the attempt is voided and closed FAILED interrupted; a late authorize charges nothing', async () => {
    const world = paymentWorld();
    const payment = await started(world);
    world.later();

    await resolveInterruptedCharges(world.deps);

    expect(world.payments.payments.get(payment.id)).toMatchObject({
      status: 'FAILED',
      failureReason: 'interrupted',
    });
    expect(world.eventsOf(payment.orderId)).toMatchObject([
      { type: 'PaymentFailed', data: { reason: 'interrupted', attempt: 1 } },
    ]);
    const late = await world.deps.gateway.authorize(`${payment.id}#1`, {
      amount: payment.amount,
      currency: payment.currency,
      card: payment.card,
    });
    expect(late).toMatchObject({ approved: false, declineReason: 'voided' });
    expect(world.payments.chargeLocks.has(payment.orderId)).toBe(false);
  });

  it('when a charge is younger than the bound, then housekeeping leaves it to its request', async () => {
    const world = paymentWorld();
    const payment = await started(world);
    expect(await resolveInterruptedCharges(world.deps)).toBe(0);
    expect(statusOf(world, payment)).toBe('PROCESSING');
    expect(world.ledger.entries.size).toBe(0);
  });

  it('when the gateway cannot be asked about one charge, then it stays PROCESSING for the next round and the others are resolved', async () => {
    const world = paymentWorld();
    const stuck = await started(world);
    const fine = await started(world);
    const real = world.deps.gateway;
    world.deps.gateway = {
      authorize: real.authorize,
      lookup: async (key) => {
        if (key === `${stuck.id}#1`) throw new Error('connect ETIMEDOUT');
        return await real.lookup(key);
      },
    };
    world.later();

    await expect(resolveInterruptedCharges(world.deps)).rejects.toThrow(/not resolved yet/);
    expect(statusOf(world, stuck)).toBe('PROCESSING');
    expect(statusOf(world, fine)).toBe('FAILED');
  });

  it('when an interrupted charge of a cancelled order is resolved by two rounds at once, then it is recorded and refunded once', async () => {
    const world = paymentWorld();
    const payment = await charged(world);
    await refundCancelledOrder(world.deps, crypto.randomUUID(), payment.orderId);
    world.later();

    await Promise.all([
      resolveInterruptedCharges(world.deps),
      resolveInterruptedCharges(world.deps),
    ]);

    expect(world.typesOf(payment.orderId)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
    expect(world.payments.refunds.map((refund) => refund.amount)).toEqual([payment.amount]);
    expect(statusOf(world, payment)).toBe('REFUNDED');
  });

  it('when the refund of a charge on a cancelled order cannot be written, then the charge is not recorded either', async () => {
    const world = paymentWorld();
    const payment = await charged(world);
    await refundCancelledOrder(world.deps, crypto.randomUUID(), payment.orderId);
    const charge = { paymentId: payment.id, orderId: payment.orderId, attempt: 1 };
    const approved = { approved: true, transactionId: 'sim_x' };
    const overRefunding = (current: PaymentRecord, order: { cancelledAt: Date | null }) => {
      const change = settleCharge(current, charge, approved, order, new Date());
      return change && { ...change, payment: { ...change.payment, refundedAmount: 1e9 } };
    };

    await expect(world.payments.recordCharge(charge, overRefunding)).rejects.toThrow(/CHECK/);

    expect(statusOf(world, payment)).toBe('PROCESSING');
    expect(world.eventsOf(payment.orderId)).toEqual([]);
  });
});

describe('the reconciler', () => {
  /** What a crash between two writes of an older version left: charged, order known cancelled. */
  const chargedButCancelled = async (world: PaymentWorld) => {
    const payment = await charged(world, 10_000);
    world.later();
    await resolveInterruptedCharges(world.deps);
    world.payments.orders.set(payment.orderId, { cancelledAt: new Date() });
    return payment;
  };

  it('when cancelled orders still hold charges, then what they hold is refunded once, even by two rounds at once', async () => {
    const world = paymentWorld();
    const full = await chargedButCancelled(world);
    const partial = await chargedButCancelled(world);
    await refundPayment(world.deps, partial.id, { amount: 1_000, reason: 'goodwill' });

    const made = await Promise.all([
      reconcileCancelledOrders(world.deps),
      reconcileCancelledOrders(world.deps),
    ]);

    expect(made.reduce((sum, refunds) => sum + refunds, 0)).toBe(2);
    expect(statusOf(world, full)).toBe('REFUNDED');
    expect(world.payments.payments.get(partial.id)).toMatchObject({
      status: 'REFUNDED',
      refundedAmount: 10_000,
    });
    expect(world.payments.refunds.map(({ amount, reason }) => ({ amount, reason }))).toEqual([
      { amount: 1_000, reason: 'goodwill' },
      { amount: 10_000, reason: 'order_cancelled' },
      { amount: 9_000, reason: 'order_cancelled' },
    ]);
    expect(await reconcileCancelledOrders(world.deps)).toBe(0);
  });

  it('when an order is not cancelled, then its charge is left alone', async () => {
    const world = paymentWorld();
    const payment = await charged(world);
    world.later();
    await resolveInterruptedCharges(world.deps);
    expect(await reconcileCancelledOrders(world.deps)).toBe(0);
    expect(statusOf(world, payment)).toBe('SUCCEEDED');
  });
});
