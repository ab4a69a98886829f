import { describe, expect, it } from 'vitest';
import { chargeOrder, retryPayment } from '../../src/domain/charging.js';
import { resolveInterruptedCharges } from '../../src/domain/recovery.js';
import { DECLINED_CARD, failureOf, GOOD_CARD, paymentWorld } from './world.js';

/** The order-service registration of each attempt, before the gateway is asked. */
describe('registering the attempt at order-service', () => {
  it('when the order changed to another total after the pre-check, then 422 and no payment, no event, no charge', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder(2_500);
    world.orders.beforeRegister = () => world.book.update(order.id, { totalAmount: 5_000 });

    const refused = await failureOf(chargeOrder(world.deps, caller, body()));

    expect(refused).toMatchObject({ status: 422, code: 'amount-mismatch' });
    expect(world.payments.payments.size).toBe(0);
    expect(world.payments.chargeLocks.size).toBe(0);
    expect(world.eventsOf(order.id)).toEqual([]);
    expect(world.ledger.entries.size).toBe(0);
  });

  it('when the order was cancelled after the pre-check, then 409 order-not-payable and no payment', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    world.orders.beforeRegister = () => world.book.update(order.id, { status: 'CANCELLED' });

    const refused = await failureOf(chargeOrder(world.deps, caller, body()));

    expect(refused).toMatchObject({ status: 409, code: 'order-not-payable' });
    expect(world.payments.payments.size).toBe(0);
    expect(world.ledger.entries.size).toBe(0);
  });

  it('when order-service refuses a retry, then the payment is FAILED as before (attempt 1, old card, old reason), with no event and no charge', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    const failed = await chargeOrder(world.deps, caller, body(DECLINED_CARD));
    const before = world.payments.payments.get(failed.id);
    world.orders.beforeRegister = () => world.book.update(order.id, { status: 'CANCELLED' });

    const refused = await failureOf(retryPayment(world.deps, caller, failed.id, GOOD_CARD));

    expect(refused).toMatchObject({ status: 409, code: 'order-not-payable' });
    expect(world.payments.payments.get(failed.id)).toEqual(before);
    expect(world.payments.chargeLocks.size).toBe(0);
    expect([...world.ledger.entries.keys()]).toEqual([`${failed.id}#1`]);
    expect(world.typesOf(order.id)).toEqual(['PaymentFailed']);
  });

  it('when order-service cannot be reached, then 503 and the attempt is closed FAILED order_unconfirmed with its PaymentFailed, without charging', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    world.orders.registration = 'unreachable';

    const refused = await failureOf(chargeOrder(world.deps, caller, body()));

    expect(refused).toMatchObject({ status: 503 });
    const [closed] = [...world.payments.payments.values()];
    expect(closed).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      failureReason: 'order_unconfirmed',
    });
    expect(world.eventsOf(order.id)).toMatchObject([
      { type: 'PaymentFailed', data: { attempt: 1, reason: 'order_unconfirmed' } },
    ]);
    expect(world.ledger.entries.size).toBe(0);
    expect(world.payments.wakes).toBe(1);

    world.orders.registration = 'answers';
    expect((await chargeOrder(world.deps, caller, body())).status).toBe('SUCCEEDED');
  });

  it('when the registration landed but its answer was lost, then the closing PaymentFailed names the attempt order-service froze the order for', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    world.orders.registration = 'answer-lost';

    const refused = await failureOf(chargeOrder(world.deps, caller, body()));

    expect(refused).toMatchObject({ status: 503 });
    const [registered] = world.book.attempts;
    expect(world.eventsOf(order.id)).toMatchObject([
      {
        type: 'PaymentFailed',
        data: { paymentId: registered?.paymentId, attempt: registered?.attempt },
      },
    ]);
  });

  it('when a retry cannot be registered, then its attempt 2 is closed FAILED order_unconfirmed', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    const failed = await chargeOrder(world.deps, caller, body(DECLINED_CARD));
    world.orders.registration = 'unreachable';

    await failureOf(retryPayment(world.deps, caller, failed.id, GOOD_CARD));

    expect(world.payments.payments.get(failed.id)).toMatchObject({
      status: 'FAILED',
      attempt: 2,
      failureReason: 'order_unconfirmed',
      card: { last4: '4242' },
    });
    expect(world.eventsOf(order.id)).toMatchObject([
      { type: 'PaymentFailed', data: { attempt: 1 } },
      { type: 'PaymentFailed', data: { attempt: 2, reason: 'order_unconfirmed' } },
    ]);
  });

  it('when the registration is unanswered and payments_db is gone too, then the attempt stays PROCESSING until housekeeping voids it and closes it FAILED interrupted', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    world.orders.registration = 'unreachable';
    world.orders.beforeRegister = () => {
      world.payments.down = true;
    };

    await failureOf(chargeOrder(world.deps, caller, body()));
    world.payments.down = false;

    const [stuck] = [...world.payments.payments.values()];
    expect(stuck?.status).toBe('PROCESSING');
    world.later();
    expect(await resolveInterruptedCharges(world.deps)).toBe(1);
    expect(world.payments.payments.get(stuck?.id ?? '')).toMatchObject({
      status: 'FAILED',
      failureReason: 'interrupted',
    });
    expect(world.ledger.entries.get(`${stuck?.id}#1`)).toMatchObject({
      approved: false,
      declineReason: 'voided',
    });
    expect(world.typesOf(order.id)).toEqual(['PaymentFailed']);
  });
});
