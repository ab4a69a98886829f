import { describe, expect, it } from 'vitest';
import {
  cancelOrder,
  reconcileOrder,
  refundable,
  refundCharge,
  refundOnCancel,
  refundsOnCancellation,
} from '../../src/domain/refunds.js';
import { aPayment } from './world.js';

const now = new Date('2030-01-02T00:00:00Z');
const ask = (amount?: number) => ({ refundId: crypto.randomUUID(), amount, reason: 'damaged' });

describe('how much a refund may take', () => {
  it('when part of a charge is refunded, then PARTIALLY_REFUNDED with the refund and its event', () => {
    const payment = aPayment({ amount: 10_000 });
    const request = ask(3_000);
    const decision = refundCharge(payment, request, now);
    expect(decision).toMatchObject({
      kind: 'refunded',
      change: {
        payment: { status: 'PARTIALLY_REFUNDED', refundedAmount: 3_000, updatedAt: now },
        refund: { id: request.refundId, paymentId: payment.id, amount: 3_000, reason: 'damaged' },
        events: [
          {
            type: 'PaymentRefunded',
            data: { refundAmount: 3_000, refundedAmount: 3_000, fullyRefunded: false },
          },
        ],
      },
    });
  });

  it('when no amount is given, then everything left is refunded and the payment is REFUNDED', () => {
    const payment = aPayment({ status: 'PARTIALLY_REFUNDED', refundedAmount: 3_000 });
    expect(refundable(payment)).toBe(7_000);
    const decision = refundCharge(payment, ask(), now);
    expect(decision).toMatchObject({
      kind: 'refunded',
      change: {
        payment: { status: 'REFUNDED', refundedAmount: 10_000 },
        refund: { amount: 7_000 },
        events: [{ data: { refundAmount: 7_000, fullyRefunded: true } }],
      },
    });
  });

  it('when more than is left is asked, then it exceeds and nothing is refunded', () => {
    const payment = aPayment({ status: 'PARTIALLY_REFUNDED', refundedAmount: 3_000 });
    expect(refundCharge(payment, ask(7_001), now)).toEqual({ kind: 'exceeds' });
    expect(refundCharge(payment, ask(7_000), now).kind).toBe('refunded');
  });

  it.each([
    ['REFUNDED', { status: 'REFUNDED' as const, refundedAmount: 10_000 }],
    ['FAILED', { status: 'FAILED' as const }],
    ['PROCESSING', { status: 'PROCESSING' as const }],
  ])('when the payment is %s, then there is nothing to refund', (_status, state) => {
    const payment = aPayment(state);
    expect(refundable(payment)).toBe(0);
    expect(refundCharge(payment, ask(1), now)).toEqual({ kind: 'nothing-to-refund' });
  });
});

describe('what a cancellation refunds', () => {
  it('when an order is cancelled, then each charge gets back all it still holds, reason order_cancelled', () => {
    const partial = aPayment({ status: 'PARTIALLY_REFUNDED', refundedAmount: 1_000 });
    const change = refundOnCancel(partial, now);
    expect(change).toMatchObject({
      payment: { status: 'REFUNDED', refundedAmount: 10_000 },
      refund: { amount: 9_000, reason: 'order_cancelled' },
    });
  });

  it('when charges of an order failed or were refunded already, then only those holding money are refunded', () => {
    const orderId = crypto.randomUUID();
    const charges = [
      aPayment({ orderId, status: 'FAILED' }),
      aPayment({ orderId }),
      aPayment({ orderId, status: 'REFUNDED', refundedAmount: 10_000 }),
      aPayment({ orderId, status: 'PROCESSING' }),
    ];
    const changes = refundsOnCancellation(charges, now);
    expect(changes.map((change) => change.payment.id)).toEqual([charges[1]?.id]);
  });

  it('when OrderCancelled arrives, then the order is remembered cancelled (the first time counts) and its charges refunded', () => {
    const charge = aPayment();
    const first = cancelOrder({ cancelledAt: null }, [charge], now);
    expect(first.order.cancelledAt).toEqual(now);
    expect(first.changes).toHaveLength(1);
    const earlier = new Date('2030-01-01T00:00:00Z');
    expect(cancelOrder({ cancelledAt: earlier }, [], now).order.cancelledAt).toEqual(earlier);
  });

  it('when a cancellation finds the charge already refunded, then it refunds nothing again', () => {
    const charge = aPayment();
    const refunded = cancelOrder({ cancelledAt: null }, [charge], now).changes[0]?.payment;
    expect(refunded?.status).toBe('REFUNDED');
    expect(cancelOrder({ cancelledAt: now }, [refunded ?? charge], now).changes).toEqual([]);
  });
});

describe('what the reconciler refunds', () => {
  it('when the order is known cancelled, then what its charges still hold is refunded', () => {
    const charge = aPayment({ status: 'PARTIALLY_REFUNDED', refundedAmount: 4_000 });
    const { order, changes } = reconcileOrder({ cancelledAt: now }, [charge], now);
    expect(order.cancelledAt).toEqual(now);
    expect(changes).toMatchObject([{ refund: { amount: 6_000, reason: 'order_cancelled' } }]);
  });

  it('when the order is not cancelled, then nothing is refunded and the order is left as it is', () => {
    expect(reconcileOrder({ cancelledAt: null }, [aPayment()], now)).toEqual({
      order: { cancelledAt: null },
      changes: [],
    });
  });
});
