import { type ShopEvent, TOPICS } from '@shop/contracts';
import { deliverEvents, eventually, type KafkaTap, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepHolds } from '../src/domain/sweeper.js';
import { createItem, inventoryOf, placeHold, useItemService } from './support.js';
import { orderCancelled, paymentSucceeded } from './unit/events.js';

const harness = useItemService({ consumer: true, sweeper: false });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let tap: KafkaTap;

beforeAll(async () => {
  tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.inventory)]);
});
afterAll(async () => await tap?.close());

/** Publishes events and waits until item-service's consumer group has handled them. */
const deliver = async (...events: ShopEvent[]) =>
  await deliverEvents(brokers, harness.groupId, events, harness.topics.namespace);

const inventoryEvents = (orderId: string) =>
  tap.messages
    .filter((message) => message.key === orderId)
    .map((message) => message.json as { type: string; data: Record<string, unknown> });

const holdStatus = async (orderId: string) =>
  (await harness.db.collection('holds').findOne({ _id: orderId as never }))?.status;

describe('PaymentSucceeded', () => {
  it('when a HELD order is paid, then stock is deducted once and InventoryCommitted is published, even if redelivered', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 2 }]);
    const payment = paymentSucceeded(orderId);

    await deliver(payment, payment);

    await tap.waitFor(
      (message) => message.key === orderId && message.json?.type === 'InventoryCommitted',
    );
    expect(await holdStatus(orderId)).toBe('COMMITTED');
    expect(await inventoryOf(harness, item.id)).toMatchObject({
      onHand: 8,
      reserved: 0,
      available: 8,
    });
    expect(inventoryEvents(orderId).map((event) => event.type)).toEqual(['InventoryCommitted']);
    expect(inventoryEvents(orderId)[0]?.data).toEqual({
      lines: [{ itemId: item.id, quantity: 2 }],
    });
  });

  it('when the hold expired but stock remains, then it is held again and committed', async () => {
    const item = await createItem(harness, { initialStock: 5 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 3 }], 10);
    await sweepHolds(
      harness.domain(() => new Date(Date.now() + 11_000)),
      { stuckAfterMs: 60_000 },
    );
    expect(await holdStatus(orderId)).toBe('EXPIRED');

    await deliver(paymentSucceeded(orderId));

    await tap.waitFor(
      (message) => message.key === orderId && message.json?.type === 'InventoryCommitted',
    );
    expect(await inventoryOf(harness, item.id)).toMatchObject({ onHand: 2, reserved: 0 });
  });

  it('when the hold expired and the stock is gone, then InventoryCommitFailed names the short line', async () => {
    const item = await createItem(harness, { initialStock: 2 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 2 }], 10);
    await sweepHolds(
      harness.domain(() => new Date(Date.now() + 11_000)),
      { stuckAfterMs: 60_000 },
    );
    expect(
      (await placeHold(harness, crypto.randomUUID(), [{ itemId: item.id, quantity: 2 }]))
        .statusCode,
    ).toBe(201);

    await deliver(paymentSucceeded(orderId));

    const [failed] = await tap.waitFor(
      (message) => message.key === orderId && message.json?.type === 'InventoryCommitFailed',
    );
    expect(failed?.json?.data).toEqual({
      reason: 'insufficient_stock',
      shortLines: [{ itemId: item.id, requested: 2, available: 0 }],
    });
    expect(await inventoryOf(harness, item.id)).toMatchObject({ onHand: 2, reserved: 2 });
  });
});

describe('OrderCancelled', () => {
  it('when a completed order is cancelled, then its stock is restocked once and InventoryReleased says from COMMITTED', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 4 }]);
    await deliver(paymentSucceeded(orderId));
    const cancel = orderCancelled(orderId, true);

    await deliver(cancel, cancel);

    const [releasedEvent] = await tap.waitFor(
      (message) => message.key === orderId && message.json?.type === 'InventoryReleased',
    );
    expect(releasedEvent?.json?.data).toEqual({
      reason: 'cancelled',
      from: 'COMMITTED',
      lines: [{ itemId: item.id, quantity: 4 }],
    });
    expect(await holdStatus(orderId)).toBe('RESTOCKED');
    expect(await inventoryOf(harness, item.id)).toMatchObject({
      onHand: 10,
      reserved: 0,
      available: 10,
    });
    expect(inventoryEvents(orderId).map((event) => event.type)).toEqual([
      'InventoryCommitted',
      'InventoryReleased',
    ]);
  });

  it('when the cancel arrives before the payment, then the stock is released and never deducted', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 3 }]);

    await deliver(orderCancelled(orderId), paymentSucceeded(orderId));

    await tap.waitFor(
      (message) => message.key === orderId && message.json?.type === 'InventoryCommitFailed',
    );
    expect(inventoryEvents(orderId).map((event) => [event.type, event.data.reason])).toEqual([
      ['InventoryReleased', 'cancelled'],
      ['InventoryCommitFailed', 'order_cancelled'],
    ]);
    expect(await holdStatus(orderId)).toBe('RELEASED');
    expect(await inventoryOf(harness, item.id)).toMatchObject({
      onHand: 10,
      reserved: 0,
      available: 10,
    });
  });

  it('when an expired hold is cancelled, then a later payment cannot hold it again', async () => {
    const item = await createItem(harness, { initialStock: 10 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 1 }], 10);
    await sweepHolds(
      harness.domain(() => new Date(Date.now() + 11_000)),
      { stuckAfterMs: 60_000 },
    );

    await deliver(orderCancelled(orderId), paymentSucceeded(orderId));

    await eventually(async () =>
      (await inventoryEvents(orderId)).some((event) => event.type === 'InventoryCommitFailed'),
    );
    expect(await holdStatus(orderId)).toBe('RELEASED');
    expect(await inventoryOf(harness, item.id)).toMatchObject({ onHand: 10, reserved: 0 });
  });
});
