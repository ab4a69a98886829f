import { TOPICS } from '@shop/contracts';
import { type KafkaTap, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepHolds } from '../src/domain/sweeper.js';
import { createItem, inventoryOf, placeHold, useItemService } from './support.js';

const harness = useItemService({ consumer: false, sweeper: false });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let tap: KafkaTap;
beforeAll(async () => {
  tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.inventory)]);
});
afterAll(async () => await tap?.close());

const later = (ms: number) => () => new Date(Date.now() + ms);
const sweepAt = async (offsetMs: number) =>
  await sweepHolds(harness.domain(later(offsetMs)), { stuckAfterMs: 60_000 });
const holdOf = async (orderId: string) =>
  await harness.db.collection('holds').findOne({ _id: orderId as never });

describe('hold sweeper', () => {
  it('when a hold passes its deadline, then it is EXPIRED, its stock released and InventoryReleased(expired) published', async () => {
    const item = await createItem(harness, { initialStock: 4 });
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [{ itemId: item.id, quantity: 4 }], 30);

    expect((await sweepAt(10_000)).expired).toBe(0);
    expect((await sweepAt(31_000)).expired).toBe(1);

    expect((await holdOf(orderId))?.status).toBe('EXPIRED');
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0, available: 4 });
    const [event] = await tap.waitFor((message) => message.key === orderId);
    expect(event?.json).toMatchObject({
      type: 'InventoryReleased',
      source: 'item-service',
      data: { reason: 'expired', from: 'HELD', lines: [{ itemId: item.id, quantity: 4 }] },
    });
  });

  it('when a placement died half-way (hold PENDING, one of two lines reserved), then the sweeper rolls it back', async () => {
    const [a, b] = [
      await createItem(harness, { initialStock: 3 }),
      await createItem(harness, { initialStock: 3 }),
    ];
    const orderId = crypto.randomUUID();
    const domain = harness.domain();
    const now = new Date();
    await domain.holds.insert({
      orderId,
      status: 'PENDING',
      lines: [
        { itemId: a.id, quantity: 2 },
        { itemId: b.id, quantity: 2 },
      ],
      previousLines: null,
      releaseReason: null,
      commitAfterHold: false,
      generation: 0,
      handledEvents: [],
      expiresAt: new Date(now.getTime() + 600_000),
      createdAt: now,
      updatedAt: now,
    });
    await domain.items.reserveIfFree(a.id, orderId, { quantity: 2, generation: 0 }, now);
    expect(await inventoryOf(harness, a.id)).toMatchObject({ reserved: 2 });

    expect((await sweepAt(10_000)).resumed).toBe(0);
    expect((await sweepAt(120_000)).resumed).toBe(1);

    expect(await holdOf(orderId)).toBeNull();
    expect(await inventoryOf(harness, a.id)).toMatchObject({ reserved: 0, available: 3 });
    expect(await inventoryOf(harness, b.id)).toMatchObject({ reserved: 0, available: 3 });
    expect(
      (
        await placeHold(harness, orderId, [
          { itemId: a.id, quantity: 2 },
          { itemId: b.id, quantity: 2 },
        ])
      ).statusCode,
    ).toBe(201);
  });

  it('when a reservation belongs to no hold (a request that outlived its hold), then it is released', async () => {
    const item = await createItem(harness, { initialStock: 5 });
    const orphanOrder = crypto.randomUUID();
    await harness
      .domain()
      .items.reserveIfFree(item.id, orphanOrder, { quantity: 2, generation: 0 }, new Date());

    const report = await sweepAt(120_000);

    expect(report.orphansReleased).toBeGreaterThanOrEqual(1);
    expect(await inventoryOf(harness, item.id)).toMatchObject({ reserved: 0, available: 5 });
  });

  it('when a commit died between two lines, then the sweeper finishes it: both deducted, one InventoryCommitted', async () => {
    const [a, b] = [
      await createItem(harness, { initialStock: 5 }),
      await createItem(harness, { initialStock: 5 }),
    ];
    const orderId = crypto.randomUUID();
    await placeHold(harness, orderId, [
      { itemId: a.id, quantity: 1 },
      { itemId: b.id, quantity: 2 },
    ]);
    const domain = harness.domain();
    await domain.holds.transition(orderId, 'HELD', { to: 'COMMITTING' }, new Date());
    await domain.items.takeIf(a.id, orderId, { quantity: 1 }, 'sale', new Date());

    await sweepAt(120_000);
    await sweepAt(120_000);

    expect((await holdOf(orderId))?.status).toBe('COMMITTED');
    expect(await inventoryOf(harness, a.id)).toMatchObject({ onHand: 4, reserved: 0 });
    expect(await inventoryOf(harness, b.id)).toMatchObject({ onHand: 3, reserved: 0 });
    const events = await tap.waitFor((message) => message.key === orderId);
    expect(events.map((message) => message.json?.type)).toEqual(['InventoryCommitted']);
  });
});
