import type { Order } from '@shop/contracts';
import { type Caller, DomainError, UnavailableError } from '@shop/platform';
import { eventually } from '@shop/testing';
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
const steppingIn = (deps: PaymentDeps, between: () => Promise<unknown>): Orders => ({
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

const changeQuantity = async ({ customer, order, itemId }: Placed, quantity: number) => {
  const response = await harness.orders.inject({
    method: 'PATCH',
    url: `/api/v1/orders/${order.id}`,
    headers: bearer(customer.token),
    payload: { items: [{ itemId, quantity }] },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Order;
};

const cancel = async ({ customer, order }: Placed) =>
  await harness.orders.inject({
    method: 'POST',
    url: `/api/v1/orders/${order.id}/cancel`,
    headers: bearer(customer.token),
    payload: {},
  });

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
    const stepped = { ...deps, orders: steppingIn(deps, () => changeQuantity(placed, 2)) };

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

  it('when another customer is named as the payer, then order-service answers 404', async () => {
    const placed = await orderFor(harness);
    const intruder = await harness.identity.customer();
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

  it('when the registration landed but its answer was lost, then the closed attempt releases the order for changes', async () => {
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
    await eventually(
      async () =>
        (
          await harness.orders.inject({
            method: 'PATCH',
            url: `/api/v1/orders/${placed.order.id}`,
            headers: bearer(placed.customer.token),
            payload: { items: [{ itemId: placed.itemId, quantity: 2 }] },
          })
        ).statusCode === 200,
    );
  });

  it('when a registered attempt is running, then the customer cannot change the order (409)', async () => {
    const placed = await orderFor(harness);
    const deps = domainDeps(harness);
    let changeDuringCharge: number | undefined;
    const gateway = {
      ...deps.gateway,
      authorize: async (key: string, request: Parameters<typeof deps.gateway.authorize>[1]) => {
        const response = await harness.orders.inject({
          method: 'PATCH',
          url: `/api/v1/orders/${placed.order.id}`,
          headers: bearer(placed.customer.token),
          payload: { items: [{ itemId: placed.itemId, quantity: 3 }] },
        });
        changeDuringCharge = response.statusCode;
        return await deps.gateway.authorize(key, request);
      },
    };
    const payment = await chargeOrder({ ...deps, gateway }, callerOf(placed), bodyFor(placed));
    expect(payment.status).toBe('SUCCEEDED');
    expect(changeDuringCharge).toBe(409);
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
