import { describe, expect, it } from 'vitest';
import { chargeOrder, retryPayment } from '../../src/domain/charging.js';
import { GatewayTimeoutError } from '../../src/domain/gateway.js';
import { refundPayment } from '../../src/domain/payments.js';
import { resolveInterruptedCharges } from '../../src/domain/recovery.js';
import { DECLINED_CARD, failureOf, GOOD_CARD, paymentWorld, TIMEOUT_CARD } from './world.js';

describe('charging an order', () => {
  it('when the card is good, then SUCCEEDED: the attempt was registered, the ledger charged once, PaymentSucceeded written and the relay woken', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();

    const payment = await chargeOrder(world.deps, caller, body());

    expect(payment).toMatchObject({
      orderId: order.id,
      userId: caller.id,
      status: 'SUCCEEDED',
      card: { brand: 'visa', last4: '4242' },
      refundedAmount: 0,
    });
    expect(payment).not.toHaveProperty('attempt');
    expect(world.book.attempts).toEqual([
      {
        orderId: order.id,
        paymentId: payment.id,
        attempt: 1,
        userId: caller.id,
        amount: order.totalAmount,
        currency: 'USD',
      },
    ]);
    expect([...world.ledger.entries.keys()]).toEqual([`${payment.id}#1`]);
    expect(world.eventsOf(order.id)).toMatchObject([
      { type: 'PaymentSucceeded', data: { paymentId: payment.id, attempt: 1 } },
    ]);
    expect(world.payments.wakes).toBe(1);
  });

  it('when the card is declined, then FAILED with the reason, and the order can be paid again', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();

    const failed = await chargeOrder(world.deps, caller, body(DECLINED_CARD));
    const paid = await chargeOrder(world.deps, caller, body(GOOD_CARD));

    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'card_declined' });
    expect(paid.status).toBe('SUCCEEDED');
    expect(world.typesOf(order.id)).toEqual(['PaymentFailed', 'PaymentSucceeded']);
  });

  it('when no card is given, then the card saved on the account is charged; with none saved, 422 and nothing stored', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();

    const refused = await failureOf(chargeOrder(world.deps, caller, body(null)));
    expect(refused).toMatchObject({ status: 422, code: 'no-payment-method' });
    expect(world.payments.payments.size).toBe(0);

    world.accounts.cards.set(caller.id, { brand: 'mastercard', last4: '4444' });
    const payment = await chargeOrder(world.deps, caller, body(null));
    expect(payment).toMatchObject({
      orderId: order.id,
      status: 'SUCCEEDED',
      card: { brand: 'mastercard', last4: '4444' },
    });
  });

  it.each([
    ['the order is another customer’s', 404, 'not-found', 'intruder'],
    ['the order was cancelled', 409, 'order-not-payable', 'cancelled'],
    ['the amount is not the total', 422, 'amount-mismatch', 'amount'],
  ])(
    'when %s, then %i and nothing is stored, registered or charged',
    async (_case, status, code, variant) => {
      const world = paymentWorld();
      const placed = world.customerWithOrder();
      let caller = placed.caller;
      let body = placed.body();
      if (variant === 'intruder') caller = world.customerWithOrder().caller;
      if (variant === 'cancelled') world.book.update(placed.order.id, { status: 'CANCELLED' });
      if (variant === 'amount') body = { ...body, amount: body.amount - 1 };

      const refused = await failureOf(chargeOrder(world.deps, caller, body));

      expect(refused).toMatchObject({ status, code });
      expect(world.payments.payments.size).toBe(0);
      expect(world.book.attempts).toEqual([]);
      expect(world.ledger.entries.size).toBe(0);
    },
  );

  it('when an order is already paid, then another charge is refused 409 by the charge lock', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    await chargeOrder(world.deps, caller, body());

    const refused = await failureOf(chargeOrder(world.deps, caller, body()));

    expect(refused).toMatchObject({ status: 409, code: 'order-already-charged' });
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded']);
  });

  it('when five charges of one order race, then one runs and succeeds and the others get 409', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();

    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => chargeOrder(world.deps, caller, body())),
    );

    const charged = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(charged).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ status: 409, code: 'order-already-charged' });
    expect(world.payments.payments.size).toBe(1);
    expect(world.ledger.entries.size).toBe(1);
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded']);
  });
});

describe('a gateway that does not answer', () => {
  it('when the answer is lost, then the attempt is looked up: SUCCEEDED, one ledger entry, one event', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();

    const payment = await chargeOrder(world.deps, caller, body(TIMEOUT_CARD));

    expect(payment).toMatchObject({ status: 'SUCCEEDED', card: { last4: '0408' } });
    expect(world.ledger.entries.size).toBe(1);
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded']);
  });

  it('when the lookups fail too, then 503 payment-outcome-unknown with Retry-After, PROCESSING until housekeeping records the ledger’s answer', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    const real = world.deps.gateway;
    let down = true;
    world.deps.gateway = {
      authorize: real.authorize,
      lookup: async (key) => {
        if (down) throw new GatewayTimeoutError(key);
        return await real.lookup(key);
      },
    };

    const refused = await failureOf(chargeOrder(world.deps, caller, body(TIMEOUT_CARD)));

    expect(refused).toMatchObject({ status: 503, code: 'payment-outcome-unknown' });
    expect(refused).toMatchObject({ retryAfterSeconds: 25 });
    const [stuck] = [...world.payments.payments.values()];
    expect(refused).toMatchObject({ extensions: { paymentId: stuck?.id } });
    expect(stuck?.status).toBe('PROCESSING');
    expect(world.typesOf(order.id)).toEqual([]);

    down = false;
    world.later();
    expect(await resolveInterruptedCharges(world.deps)).toBe(1);
    expect(world.payments.payments.get(stuck?.id ?? '')?.status).toBe('SUCCEEDED');
    expect(world.ledger.entries.size).toBe(1);
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded']);
  });

  it('when payments_db is gone as the answer is recorded, then 503 payment-outcome-unknown and housekeeping records it later', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    const real = world.deps.gateway;
    world.deps.gateway = {
      ...real,
      authorize: async (key, request) => {
        const answer = await real.authorize(key, request);
        world.payments.down = true;
        return answer;
      },
    };

    const refused = await failureOf(chargeOrder(world.deps, caller, body()));

    expect(refused).toMatchObject({ status: 503, code: 'payment-outcome-unknown' });
    world.payments.down = false;
    world.later();
    await resolveInterruptedCharges(world.deps);
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded']);
  });
});

describe('retrying a failed payment', () => {
  it('when a FAILED payment gets a new card, then it is attempt 2 with its own ledger key and events naming each attempt', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    const failed = await chargeOrder(world.deps, caller, body(DECLINED_CARD));

    const retried = await retryPayment(world.deps, caller, failed.id, GOOD_CARD);

    expect(retried).toMatchObject({ id: failed.id, status: 'SUCCEEDED', failureReason: null });
    expect(world.payments.payments.get(failed.id)?.attempt).toBe(2);
    expect([...world.ledger.entries.keys()].sort()).toEqual([`${failed.id}#1`, `${failed.id}#2`]);
    expect(world.book.attempts.map(({ attempt }) => attempt)).toEqual([1, 2]);
    expect(world.eventsOf(order.id)).toMatchObject([
      { type: 'PaymentFailed', data: { attempt: 1, reason: 'card_declined' } },
      { type: 'PaymentSucceeded', data: { attempt: 2 } },
    ]);
  });

  it('when the payment did not fail, is someone else’s, or the order was paid by another payment, then 409, 404, 409', async () => {
    const world = paymentWorld();
    const { caller, body } = world.customerWithOrder();
    const failed = await chargeOrder(world.deps, caller, body(DECLINED_CARD));
    const intruder = world.customerWithOrder().caller;

    expect(await failureOf(retryPayment(world.deps, intruder, failed.id, GOOD_CARD))).toMatchObject(
      { status: 404 },
    );
    await chargeOrder(world.deps, caller, body(GOOD_CARD));
    expect(await failureOf(retryPayment(world.deps, caller, failed.id, GOOD_CARD))).toMatchObject({
      status: 409,
      code: 'order-already-charged',
    });
    const paid = [...world.payments.payments.values()].find((p) => p.status === 'SUCCEEDED');
    expect(
      await failureOf(retryPayment(world.deps, caller, paid?.id ?? '', GOOD_CARD)),
    ).toMatchObject({ status: 409, code: 'payment-not-failed' });
  });
});

describe('refunds', () => {
  it('when an ADMIN refunds in parts, then the total never exceeds the charge and each refund is announced', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder(10_000);
    const payment = await chargeOrder(world.deps, caller, body());

    const first = await refundPayment(world.deps, payment.id, { amount: 3_000, reason: 'box' });
    const tooMuch = await failureOf(
      refundPayment(world.deps, payment.id, { amount: 8_000, reason: 'greedy' }),
    );
    const rest = await refundPayment(world.deps, payment.id, { reason: 'returned' });
    const more = await failureOf(refundPayment(world.deps, payment.id, { amount: 1, reason: 'x' }));
    const unknown = await failureOf(
      refundPayment(world.deps, crypto.randomUUID(), { reason: 'who' }),
    );

    expect(first).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: 3_000 });
    expect(tooMuch).toMatchObject({ status: 422, code: 'refund-exceeds-charge' });
    expect(rest).toMatchObject({ status: 'REFUNDED', refundedAmount: 10_000 });
    expect(more).toMatchObject({ status: 409, code: 'nothing-to-refund' });
    expect(unknown).toMatchObject({ status: 404 });
    expect(world.payments.refunds.map((refund) => refund.amount)).toEqual([3_000, 7_000]);
    expect(world.typesOf(order.id)).toEqual([
      'PaymentSucceeded',
      'PaymentRefunded',
      'PaymentRefunded',
    ]);
  });

  it('when a FAILED payment is refunded, then 409 nothing-to-refund', async () => {
    const world = paymentWorld();
    const { caller, body } = world.customerWithOrder();
    const failed = await chargeOrder(world.deps, caller, body(DECLINED_CARD));
    expect(await failureOf(refundPayment(world.deps, failed.id, { reason: 'x' }))).toMatchObject({
      status: 409,
      code: 'nothing-to-refund',
    });
  });
});
