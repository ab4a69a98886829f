import { type Caller, DomainError, UnavailableError } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import { createOrderClient } from '../src/clients/services.js';
import { chargeOrder, retryPayment } from '../src/domain/charging.js';
import { GatewayTimeoutError } from '../src/domain/gateway.js';
import type { PaymentDeps } from '../src/domain/payments.js';
import type { Orders } from '../src/domain/ports.js';
import { housekeepingRound } from '../src/jobs/housekeeping.js';
import {
  bearer,
  DECLINED_CARD,
  domainDeps,
  GOOD_CARD,
  ledgerRows,
  orderFor,
  pay,
  registeredAttempts,
  storedEvents,
  TIMEOUT_CARD,
  usePaymentService,
} from './support.js';

const harness = usePaymentService({ consumer: false, housekeeping: false });

type Placed = Awaited<ReturnType<typeof orderFor>>;

const bodyFor = ({ order }: Placed, card: typeof GOOD_CARD = GOOD_CARD) => ({
  orderId: order.id,
  amount: order.totalAmount,
  currency: order.currency,
  paymentMethod: card,
});

const callerOf = ({ customer }: Placed): Caller => ({
  id: customer.id,
  role: 'CUSTOMER',
  tokenVersion: 0,
});

const paymentRows = async (orderId: string) => {
  const [rows] = await harness.pool.query(
    'SELECT id, status, attempt, failure_reason, card_last4 FROM payments WHERE order_id = ?',
    [orderId],
  );
  return rows as {
    id: string;
    status: string;
    attempt: number;
    failure_reason: string | null;
    card_last4: string;
  }[];
};

/** The order-service port with `between` run after the pre-check and before the registration. */
const steppingIn = (deps: PaymentDeps, between: () => unknown): Orders => ({
  get: async (orderId) => {
    const order = await deps.orders.get(orderId);
    await between();
    return order;
  },
  registerAttempt: deps.orders.registerAttempt,
});

const failure = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a domain error, got ${error}`);
  return error;
};

/** What a PATCH of the items did to the order at order-service: another total. */
const changeTotal = ({ order }: Placed) =>
  harness.orderService.book.update(order.id, { totalAmount: order.totalAmount * 2 });

/** What a cancellation did to the order at order-service. */
const cancel = ({ order }: Placed) =>
  harness.orderService.book.update(order.id, { status: 'CANCELLED' });

describe('a gateway that does not answer', () => {
  it('when the card times out at the gateway, then the attempt is looked up: 201 SUCCEEDED, one ledger row, one charge, one event', async () => {
    const placed = await orderFor(harness);
    const response = await pay(harness, placed.customer.token, bodyFor(placed, TIMEOUT_CARD));

    expect(response.statusCode).toBe(201);
    const payment = response.json();
    expect(payment).toMatchObject({ status: 'SUCCEEDED', card: { last4: '0408' } });
    expect(await ledgerRows(harness.pool, payment.id)).toEqual([
      {
        key: `${payment.id}#1`,
        approved: true,
        declineReason: null,
        transactionId: payment.transactionId,
      },
    ]);
    expect(await paymentRows(placed.order.id)).toHaveLength(1);
    expect(await storedEvents(harness.pool, placed.order.id)).toMatchObject([
      { type: 'PaymentSucceeded', data: { paymentId: payment.id, attempt: 1 } },
    ]);
  });

  it('when the lookup fails too, then 503 with Retry-After and the payment stays PROCESSING until housekeeping settles it from the ledger', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    let gatewayDown = true;
    const flaky = {
      authorize: deps.gateway.authorize,
      lookup: async (key: string) => {
        if (gatewayDown) throw new GatewayTimeoutError(key);
        return await deps.gateway.lookup(key);
      },
    };

    const refused = await failure(
      chargeOrder({ ...deps, gateway: flaky }, callerOf(placed), bodyFor(placed, TIMEOUT_CARD)),
    );
    expect(refused).toMatchObject({ status: 503, code: 'payment-outcome-unknown' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    const [stuck] = await paymentRows(placed.order.id);
    expect(stuck).toMatchObject({ status: 'PROCESSING', attempt: 1 });

    gatewayDown = false;
    const later = { ...deps, gateway: flaky, now: () => new Date(Date.now() + 60_000) };
    await housekeepingRound(later, { purge: async () => 0 } as never, {
      idempotencyTtlHours: 24,
      logger: harness.app.log,
    });
    expect(await paymentRows(placed.order.id)).toMatchObject([{ status: 'SUCCEEDED' }]);
    expect(await ledgerRows(harness.pool, stuck?.id ?? '')).toMatchObject([{ approved: true }]);
    expect((await storedEvents(harness.pool, placed.order.id)).map((e) => e.type)).toEqual([
      'PaymentSucceeded',
    ]);
  });
});

describe('registering the attempt at order-service', () => {
  it('when the order changed to another total after the pre-check, then 422 and no payment, no event, no charge', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    const stepped = { ...deps, orders: steppingIn(deps, () => changeTotal(placed)) };

    const refused = await failure(chargeOrder(stepped, callerOf(placed), bodyFor(placed)));

    expect(refused).toMatchObject({ status: 422, code: 'amount-mismatch' });
    expect(await paymentRows(placed.order.id)).toEqual([]);
    expect(await storedEvents(harness.pool, placed.order.id)).toEqual([]);
  });

  it('when the order was cancelled after the pre-check, then 409 and no payment', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    const stepped = { ...deps, orders: steppingIn(deps, () => cancel(placed)) };

    const refused = await failure(chargeOrder(stepped, callerOf(placed), bodyFor(placed)));

    expect(refused).toMatchObject({ status: 409, code: 'order-not-payable' });
    expect(await paymentRows(placed.order.id)).toEqual([]);
  });

  it('when order-service answers 404 to a registration (another customer named as the payer), then the client passes the 404 on', async () => {
    const placed = await orderFor(harness);
    const intruder = harness.accounts.customer();
    const refused = await failure(
      domainDeps(harness).orders.registerAttempt(placed.order.id, {
        paymentId: crypto.randomUUID(),
        attempt: 1,
        userId: intruder.id,
        amount: placed.order.totalAmount,
        currency: placed.order.currency,
      }),
    );
    expect(refused.status).toBe(404);
  });

  it('when order-service cannot be reached to register, then 503 and the attempt is closed FAILED without charging', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    const unreachable = createOrderClient('http://127.0.0.1:9', async () => 'token');
    const orders = { get: deps.orders.get, registerAttempt: unreachable.registerAttempt };

    const refused = await failure(
      chargeOrder({ ...deps, orders }, callerOf(placed), bodyFor(placed)),
    );

    expect(refused.status).toBe(503);
    expect(await paymentRows(placed.order.id)).toMatchObject([
      { status: 'FAILED', attempt: 1, failure_reason: 'order_unconfirmed' },
    ]);
    const [closed] = await paymentRows(placed.order.id);
    expect(await ledgerRows(harness.pool, closed?.id ?? '')).toEqual([]);
  });

  it('when the registration landed but its answer was lost, then the attempt order-service froze the order for is closed with a PaymentFailed naming it', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    const orders = {
      get: deps.orders.get,
      registerAttempt: async (...args: Parameters<typeof deps.orders.registerAttempt>) => {
        await deps.orders.registerAttempt(...args);
        throw new UnavailableError('order-service answered too late');
      },
    };

    const refused = await failure(
      chargeOrder({ ...deps, orders }, callerOf(placed), bodyFor(placed)),
    );

    expect(refused.status).toBe(503);
    const [registered] = registeredAttempts(harness, placed.order.id);
    // order-service releases the order on the PaymentFailed of the attempt it registered.
    expect(await storedEvents(harness.pool, placed.order.id)).toMatchObject([
      {
        type: 'PaymentFailed',
        data: {
          paymentId: registered?.paymentId,
          attempt: registered?.attempt,
          reason: 'order_unconfirmed',
        },
      },
    ]);
    expect(await ledgerRows(harness.pool, registered?.paymentId ?? '')).toEqual([]);
  });

  it('when a charge runs, then its attempt is registered at order-service before the gateway is asked', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    let registeredFirst: unknown[] = [];
    const gateway = {
      ...deps.gateway,
      authorize: async (key: string, request: Parameters<typeof deps.gateway.authorize>[1]) => {
        registeredFirst = registeredAttempts(harness, placed.order.id).map(
          ({ paymentId, attempt }) => `${paymentId}#${attempt}`,
        );
        return await deps.gateway.authorize(key, request);
      },
    };
    const payment = await chargeOrder({ ...deps, gateway }, callerOf(placed), bodyFor(placed));
    expect(payment.status).toBe('SUCCEEDED');
    expect(registeredFirst).toEqual([`${payment.id}#1`]);
  });
});

describe('retrying a failed payment', () => {
  it('when a FAILED payment is retried with a new card, then it is attempt 2 with its own ledger key and events naming each attempt', async () => {
    const placed = await orderFor(harness);
    const failed = (
      await pay(harness, placed.customer.token, bodyFor(placed, DECLINED_CARD))
    ).json();
    const retried = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/payments/${failed.id}`,
      headers: { ...bearer(placed.customer.token), 'idempotency-key': crypto.randomUUID() },
      payload: { paymentMethod: GOOD_CARD },
    });

    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: failed.id, status: 'SUCCEEDED' });
    expect(await paymentRows(placed.order.id)).toMatchObject([{ attempt: 2, status: 'SUCCEEDED' }]);
    expect(await ledgerRows(harness.pool, failed.id)).toMatchObject([
      { key: `${failed.id}#1`, approved: false, declineReason: 'card_declined' },
      { key: `${failed.id}#2`, approved: true },
    ]);
    expect(
      registeredAttempts(harness, placed.order.id).map(({ paymentId, attempt }) => ({
        paymentId,
        attempt,
      })),
    ).toEqual([
      { paymentId: failed.id, attempt: 1 },
      { paymentId: failed.id, attempt: 2 },
    ]);
    expect(await storedEvents(harness.pool, placed.order.id)).toMatchObject([
      { type: 'PaymentFailed', data: { attempt: 1, reason: 'card_declined' } },
      { type: 'PaymentSucceeded', data: { attempt: 2 } },
    ]);
  });

  it('when order-service refuses the retry, then the payment is FAILED as before (attempt 1, old card) and nothing is charged', async () => {
    const placed = await orderFor(harness);
    const failed = (
      await pay(harness, placed.customer.token, bodyFor(placed, DECLINED_CARD))
    ).json();
    const deps = domainDeps(harness);
    const stepped = { ...deps, orders: steppingIn(deps, () => cancel(placed)) };

    const refused = await failure(retryPayment(stepped, callerOf(placed), failed.id, GOOD_CARD));

    expect(refused.status).toBe(409);
    expect(await paymentRows(placed.order.id)).toEqual([
      {
        id: failed.id,
        status: 'FAILED',
        attempt: 1,
        failure_reason: 'card_declined',
        card_last4: '0002',
      },
    ]);
    expect(await ledgerRows(harness.pool, failed.id)).toHaveLength(1);
    expect((await storedEvents(harness.pool, placed.order.id)).map((e) => e.type)).toEqual([
      'PaymentFailed',
    ]);
  });
});
