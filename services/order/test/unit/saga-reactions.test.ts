import { ORDER_STATUSES, type OrderStatus, type ShopEvent } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { ORDER_REACTIONS, orderSagaHandler, reactionTo } from '../../src/consumers/saga-events.js';
import type { OrderRecord } from '../../src/domain/model.js';
import {
  anOrder,
  inventoryCommitFailed,
  inventoryCommitted,
  memoryDeps,
  paymentFailed,
  paymentRefunded,
  paymentSucceeded,
} from './memory/fixtures.js';

/** What one event does to an order of `status` (with `overrides`), through ORDER_REACTIONS. */
const react = async <E extends ShopEvent>(
  status: OrderStatus,
  makeEvent: (order: OrderRecord) => E,
  overrides: Partial<OrderRecord> = {},
) => {
  const { deps, orders, logger } = memoryDeps();
  const order = orders.put(anOrder({ status, ...overrides }));
  const event = makeEvent(order);
  await orderSagaHandler(deps)(event, {} as never);
  const after = (await orders.find(order.id)) as OrderRecord;
  const published = orders.outbox(order.id);
  const ignored = logger.lines.some((line) => line.message?.startsWith('event ignored'));
  const inTimeline = (await orders.timeline(order.id)).some((e) => e.eventId === event.eventId);
  const handled = (await orders.findForEvent(order.id, event.eventId))?.handled ?? false;
  return { order, after, event, published, ignored, inTimeline, handled, deps, orders };
};

type Expected = { status: OrderStatus; events: string[] } | 'ignored';

/** Runs one row of the table: `expected` per status, checked for every status there is. */
const row = <E extends ShopEvent>(
  makeEvent: (order: OrderRecord) => E,
  expected: Partial<Record<OrderStatus, Expected>>,
  overrides: Partial<OrderRecord> = {},
) =>
  ORDER_STATUSES.map(
    (status) => [status, expected[status] ?? 'ignored', makeEvent, overrides] as const,
  );

const check = async <E extends ShopEvent>(
  status: OrderStatus,
  expected: Expected,
  makeEvent: (order: OrderRecord) => E,
  overrides: Partial<OrderRecord>,
) => {
  const result = await react(status, makeEvent, overrides);
  expect(result.inTimeline).toBe(true);
  if (expected === 'ignored') {
    expect(result.after).toEqual(result.order);
    expect(result.published).toEqual([]);
    expect(result.ignored).toBe(true);
    expect(result.handled).toBe(false);
    return result;
  }
  expect(result.after.status).toBe(expected.status);
  expect(result.after.version).toBe(result.order.version + 1);
  expect(result.published.map((event) => event.type)).toEqual(expected.events);
  expect(result.handled).toBe(true);
  return result;
};

/** Every status stays as it is (a change that is not a transition). */
const unchangedStatus = () =>
  Object.fromEntries(
    ORDER_STATUSES.map((status): [OrderStatus, Expected] => [status, { status, events: [] }]),
  ) as Partial<Record<OrderStatus, Expected>>;

const UNPAID_TO = (status: OrderStatus, events: string[]) => ({
  PENDING_PAYMENT: { status, events },
  PAYMENT_FAILED: { status, events },
});

describe('ORDER_REACTIONS: the table', () => {
  it('when order-service reacts, then exactly to the five events of the saga table', () => {
    expect(Object.keys(ORDER_REACTIONS).sort()).toEqual([
      'InventoryCommitFailed',
      'InventoryCommitted',
      'PaymentFailed',
      'PaymentRefunded',
      'PaymentSucceeded',
    ]);
  });

  it('when an event type is not in the table, then the order does not change but the event joins its timeline', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());
    const released = {
      ...inventoryCommitted(order),
      type: 'InventoryReleased',
      data: { reason: 'cancelled', from: 'HELD', lines: [] },
    } as ShopEvent;

    expect(reactionTo(released)).toBeUndefined();
    await orderSagaHandler(deps)(released, {} as never);

    expect(await orders.find(order.id)).toEqual(order);
    expect((await orders.timeline(order.id)).map((entry) => entry.type)).toEqual([
      'InventoryReleased',
    ]);
  });
});

describe('PaymentSucceeded × every status', () => {
  it.each(row(paymentSucceeded, UNPAID_TO('PAID', ['OrderPaid'])))(
    'when the order is %s, then %o',
    async (status, expected, makeEvent, overrides) => {
      const { after, event } = await check(status, expected, makeEvent, overrides);
      if (expected !== 'ignored')
        expect(after).toMatchObject({
          paymentStatus: 'SUCCEEDED',
          paymentId: event.data.paymentId,
        });
    },
  );

  it.each(
    row(paymentSucceeded, UNPAID_TO('COMPLETED', ['OrderPaid', 'OrderCompleted']), {
      stockCommitted: true,
    }),
  )(
    'when the stock was committed first and the order is %s, then %o',
    async (status, expected, makeEvent, overrides) => {
      await check(status, expected, makeEvent, overrides);
    },
  );

  it.each(
    row(
      (order) => paymentSucceeded(order, { amount: order.totalAmount - 1 }),
      UNPAID_TO('CANCELLED', ['OrderCancelled']),
    ),
  )(
    'when the charge is not the total and the order is %s, then %o (payment_mismatch)',
    async (status, expected, makeEvent, overrides) => {
      const { after, published, event } = await check(status, expected, makeEvent, overrides);
      if (expected === 'ignored') return;
      expect(after).toMatchObject({
        cancelReason: 'payment_mismatch',
        paymentStatus: 'SUCCEEDED',
        paymentId: event.data.paymentId,
      });
      expect(published[0]?.data).toMatchObject({
        reason: 'payment_mismatch',
        paid: true,
        previousStatus: status,
      });
    },
  );

  it('when the charge is the total in another currency, then payment_mismatch too', async () => {
    const { after } = await react('PENDING_PAYMENT', (order) =>
      paymentSucceeded(order, { currency: 'EUR' }),
    );
    expect(after).toMatchObject({ status: 'CANCELLED', cancelReason: 'payment_mismatch' });
  });

  it('when OrderPaid is published, then it carries the payment and the total', async () => {
    const { published, event, order } = await react('PENDING_PAYMENT', paymentSucceeded);
    expect(published[0]?.data).toEqual({
      userId: order.userId,
      paymentId: event.data.paymentId,
      totalAmount: order.totalAmount,
      currency: order.currency,
    });
  });
});

describe('PaymentFailed × every status, and the payment attempt it releases', () => {
  it.each(row(paymentFailed, { PENDING_PAYMENT: { status: 'PAYMENT_FAILED', events: [] } }))(
    'when no attempt is registered and the order is %s, then %o',
    async (status, expected, makeEvent, overrides) => {
      const { after } = await check(status, expected, makeEvent, overrides);
      if (expected !== 'ignored') expect(after.paymentStatus).toBe('FAILED');
    },
  );

  const PAYMENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
  const sameStatus = unchangedStatus();

  it.each(
    row(
      (order) => paymentFailed(order, { paymentId: PAYMENT, attempt: 2 }),
      {
        ...sameStatus,
        PENDING_PAYMENT: { status: 'PAYMENT_FAILED', events: [] },
      },
      { paymentAttempt: `${PAYMENT}#2` },
    ),
  )(
    'when the registered attempt fails and the order is %s, then %o, and the attempt is released',
    async (status, expected, makeEvent, overrides) => {
      const { after } = await check(status, expected, makeEvent, overrides);
      expect(after.paymentAttempt).toBeNull();
    },
  );

  it('when an older attempt of the payment fails, then the registered one still holds the order', async () => {
    const pending = await react(
      'PENDING_PAYMENT',
      (order) => paymentFailed(order, { paymentId: PAYMENT, attempt: 1 }),
      { paymentAttempt: `${PAYMENT}#2` },
    );
    expect(pending.after).toMatchObject({
      status: 'PAYMENT_FAILED',
      paymentAttempt: `${PAYMENT}#2`,
    });

    const failed = await react(
      'PAYMENT_FAILED',
      (order) => paymentFailed(order, { paymentId: PAYMENT, attempt: 1 }),
      { paymentAttempt: `${PAYMENT}#2` },
    );
    expect(failed.ignored).toBe(true);
    expect(failed.after.paymentAttempt).toBe(`${PAYMENT}#2`);
  });

  it('when another payment fails, then the registered attempt still holds the order', async () => {
    const { after } = await react(
      'PAYMENT_FAILED',
      (order) => paymentFailed(order, { attempt: 2 }),
      {
        paymentAttempt: `${PAYMENT}#2`,
      },
    );
    expect(after.paymentAttempt).toBe(`${PAYMENT}#2`);
  });

  it('when a failure names no attempt (an event from before attempts), then any attempt of that payment is released', async () => {
    const { after } = await react(
      'PAYMENT_FAILED',
      (order) => paymentFailed(order, { paymentId: PAYMENT }),
      {
        paymentAttempt: `${PAYMENT}#3`,
      },
    );
    expect(after).toMatchObject({ status: 'PAYMENT_FAILED', paymentAttempt: null });
  });
});

describe('InventoryCommitted × every status', () => {
  it.each(
    row(inventoryCommitted, {
      PENDING_PAYMENT: { status: 'PENDING_PAYMENT', events: [] },
      PAYMENT_FAILED: { status: 'PAYMENT_FAILED', events: [] },
      PAID: { status: 'COMPLETED', events: ['OrderCompleted'] },
    }),
  )(
    "when the committed lines are the order's and it is %s, then %o",
    async (status, expected, makeEvent, overrides) => {
      const { after } = await check(status, expected, makeEvent, overrides);
      if (expected !== 'ignored') expect(after.stockCommitted).toBe(status !== 'PAID');
    },
  );

  // PAID with the commit remembered does not happen (the payment would have completed it), but
  // were it so, PAID still completes.
  it.each(
    row(
      inventoryCommitted,
      { PAID: { status: 'COMPLETED', events: ['OrderCompleted'] } },
      { stockCommitted: true },
    ),
  )(
    'when the commit was already remembered and the order is %s, then %o',
    async (status, expected, makeEvent, overrides) => {
      await check(status, expected, makeEvent, overrides);
    },
  );

  it.each(
    row(
      (order) =>
        inventoryCommitted(order, [{ ...order.items[0], quantity: 5 } as OrderRecord['items'][0]]),
      {
        ...UNPAID_TO('CANCELLED', ['OrderCancelled']),
        PAID: { status: 'CANCELLED', events: ['OrderCancelled'] },
      },
    ),
  )(
    'when other lines were committed and the order is %s, then %o (inventory_mismatch)',
    async (status, expected, makeEvent, overrides) => {
      const { after, published } = await check(status, expected, makeEvent, overrides);
      if (expected === 'ignored') return;
      expect(after.cancelReason).toBe('inventory_mismatch');
      expect(published[0]?.data).toMatchObject({
        reason: 'inventory_mismatch',
        previousStatus: status,
      });
    },
  );

  it("when the same lines come in another order, then they are the order's lines", async () => {
    const second = {
      ...anOrder().items[0],
      itemId: crypto.randomUUID(),
    } as OrderRecord['items'][0];
    const { after } = await react(
      'PAID',
      (order) => inventoryCommitted(order, [...order.items].reverse()),
      { items: [...anOrder().items, second] },
    );
    expect(after.status).toBe('COMPLETED');
  });
});

describe('InventoryCommitFailed × every status', () => {
  const CANCEL = { status: 'CANCELLED' as const, events: ['OrderCancelled'] };
  it.each(
    row(inventoryCommitFailed, {
      PENDING_PAYMENT: CANCEL,
      PAYMENT_FAILED: CANCEL,
      PAID: CANCEL,
      COMPLETED: CANCEL,
    }),
  )(
    'when the order is %s, then %o (out_of_stock)',
    async (status, expected, makeEvent, overrides) => {
      const { after, published } = await check(status, expected, makeEvent, overrides);
      if (expected === 'ignored') return;
      expect(after.cancelReason).toBe('out_of_stock');
      expect(published[0]?.data).toMatchObject({
        reason: 'out_of_stock',
        paid: false,
        previousStatus: status,
      });
    },
  );

  it('when a paid order cannot get its stock, then OrderCancelled says paid: true (refund)', async () => {
    const { published } = await react('PAID', inventoryCommitFailed, {
      paymentStatus: 'SUCCEEDED',
    });
    expect(published[0]?.data).toMatchObject({ reason: 'out_of_stock', paid: true });
  });
});

describe('PaymentRefunded × every status', () => {
  const refunded = unchangedStatus();

  it.each(row((order) => paymentRefunded(order), refunded, { paymentStatus: 'SUCCEEDED' }))(
    'when a full refund arrives and the order is %s, then %o with paymentStatus REFUNDED',
    async (status, expected, makeEvent, overrides) => {
      const { after } = await check(status, expected, makeEvent, overrides);
      expect(after.paymentStatus).toBe('REFUNDED');
    },
  );

  it.each(row((order) => paymentRefunded(order, false), {}, { paymentStatus: 'SUCCEEDED' }))(
    'when a partial refund arrives and the order is %s, then %o',
    async (status, expected, makeEvent, overrides) => {
      const { after } = await check(status, expected, makeEvent, overrides);
      expect(after.paymentStatus).toBe('SUCCEEDED');
    },
  );

  it.each(row((order) => paymentRefunded(order), {}, { paymentStatus: 'REFUNDED' }))(
    'when the refund was already recorded and the order is %s, then %o',
    async (status, expected, makeEvent, overrides) => {
      await check(status, expected, makeEvent, overrides);
    },
  );
});
