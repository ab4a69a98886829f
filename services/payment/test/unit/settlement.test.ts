import { describe, expect, it } from 'vitest';
import { holdsChargeLock } from '../../src/domain/model.js';
import {
  interruptedOutcome,
  nextAttempt,
  settleCharge,
  settled,
  UNCONFIRMED,
} from '../../src/domain/settlement.js';
import { aPayment } from './world.js';

const now = new Date('2030-01-02T00:00:00Z');
const running = () => aPayment({ status: 'PROCESSING', transactionId: null, attempt: 2 });
const chargeOf = (payment: ReturnType<typeof aPayment>) => ({
  paymentId: payment.id,
  orderId: payment.orderId,
  attempt: payment.attempt,
});
const approved = { approved: true, transactionId: 'sim_ok' };
const declined = { approved: false, transactionId: 'sim_no', declineReason: 'card_declined' };
const open = { cancelledAt: null };
const cancelled = { cancelledAt: new Date('2030-01-01T12:00:00Z') };

describe('what the gateway answer makes of a payment', () => {
  it('when the gateway approves, then SUCCEEDED with its transaction id, holding the charge lock', () => {
    const payment = settled(running(), approved, now);
    expect(payment).toMatchObject({
      status: 'SUCCEEDED',
      transactionId: 'sim_ok',
      failureReason: null,
      updatedAt: now,
    });
    expect(holdsChargeLock(payment)).toBe(true);
  });

  it('when the gateway declines, then FAILED with its reason, releasing the charge lock', () => {
    const payment = settled(running(), declined, now);
    expect(payment).toMatchObject({ status: 'FAILED', failureReason: 'card_declined' });
    expect(holdsChargeLock(payment)).toBe(false);
  });

  it('when a decline gives no reason, then FAILED declined', () => {
    expect(settled(running(), { approved: false, transactionId: 't' }, now).failureReason).toBe(
      'declined',
    );
  });
});

describe('recording the answer of an attempt', () => {
  it('when the payment still runs that attempt, then the result is recorded with its event naming the attempt', () => {
    const payment = running();
    const change = settleCharge(payment, chargeOf(payment), approved, open, now);
    expect(change?.payment.status).toBe('SUCCEEDED');
    expect(change?.refund).toBeNull();
    expect(change?.events).toMatchObject([
      {
        type: 'PaymentSucceeded',
        orderId: payment.orderId,
        data: { paymentId: payment.id, attempt: 2, transactionId: 'sim_ok', amount: 10_000 },
      },
    ]);
  });

  it('when a decline is recorded, then PaymentFailed carries the reason and the attempt', () => {
    const payment = running();
    const change = settleCharge(payment, chargeOf(payment), declined, open, now);
    expect(change?.events).toMatchObject([
      { type: 'PaymentFailed', data: { reason: 'card_declined', attempt: 2 } },
    ]);
  });

  it.each([
    ['already SUCCEEDED', { status: 'SUCCEEDED' as const }],
    ['already FAILED', { status: 'FAILED' as const }],
    ['on another attempt', { attempt: 3 }],
  ])('when the payment is %s, then nothing is recorded (someone else did)', (_case, now_) => {
    const payment = running();
    expect(
      settleCharge({ ...payment, ...now_ }, chargeOf(payment), approved, open, now),
    ).toBeNull();
  });

  it('when an approval lands on an order known cancelled, then it is refunded in full in the same change', () => {
    const payment = running();
    const change = settleCharge(payment, chargeOf(payment), approved, cancelled, now);
    expect(change?.payment).toMatchObject({ status: 'REFUNDED', refundedAmount: 10_000 });
    expect(change?.refund).toMatchObject({
      paymentId: payment.id,
      amount: 10_000,
      reason: 'order_cancelled',
    });
    expect(change?.events.map((event) => event.type)).toEqual([
      'PaymentSucceeded',
      'PaymentRefunded',
    ]);
    expect(change?.events[1]).toMatchObject({
      data: { refundId: change?.refund?.id, refundAmount: 10_000, fullyRefunded: true },
    });
  });

  it('when a decline lands on an order known cancelled, then there is nothing to refund', () => {
    const payment = running();
    const change = settleCharge(payment, chargeOf(payment), declined, cancelled, now);
    expect(change?.refund).toBeNull();
    expect(change?.events.map((event) => event.type)).toEqual(['PaymentFailed']);
  });

  it('when the registration went unanswered, then the attempt closes FAILED order_unconfirmed', () => {
    const payment = running();
    const change = settleCharge(payment, chargeOf(payment), UNCONFIRMED, open, now);
    expect(change?.payment).toMatchObject({ status: 'FAILED', failureReason: 'order_unconfirmed' });
  });
});

describe('interrupted charges and retries', () => {
  it('when the ledger voided an attempt, then it failed interrupted; any other answer stands', () => {
    const voided = { approved: false, transactionId: 'v', declineReason: 'voided' };
    expect(interruptedOutcome(voided).declineReason).toBe('interrupted');
    expect(interruptedOutcome(declined)).toEqual(declined);
    expect(interruptedOutcome(approved)).toEqual(approved);
  });

  it('when a FAILED payment is retried, then it runs its next attempt with the new card and no reason', () => {
    const failed = aPayment({ status: 'FAILED', failureReason: 'card_declined', attempt: 1 });
    const next = nextAttempt(failed, { brand: 'mastercard', last4: '4444' }, now);
    expect(next).toMatchObject({
      id: failed.id,
      status: 'PROCESSING',
      attempt: 2,
      card: { last4: '4444' },
      failureReason: null,
      updatedAt: now,
    });
    expect(holdsChargeLock(next)).toBe(true);
  });
});
