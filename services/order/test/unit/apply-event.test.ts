import { describe, expect, it } from 'vitest';
import { ORDER_REACTIONS } from '../../src/consumers/saga-events.js';
import type { SagaStage } from '../../src/domain/ports.js';
import {
  anOrder,
  clock,
  inventoryCommitted,
  memoryDeps,
  paymentSucceeded,
} from './memory/fixtures.js';

describe('applying a consumed event', () => {
  it('when the same event is delivered twice, then the order changes once and the timeline has it once', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());
    const event = paymentSucceeded(order);

    await ORDER_REACTIONS.PaymentSucceeded(deps, event);
    await ORDER_REACTIONS.PaymentSucceeded(deps, event);

    expect(await orders.find(order.id)).toMatchObject({ status: 'PAID', version: 2 });
    expect(orders.outbox(order.id).map((e) => e.type)).toEqual(['OrderPaid']);
    const timeline = await orders.timeline(order.id);
    expect(timeline.filter((entry) => entry.eventId === event.eventId)).toHaveLength(1);
  });

  it('when two replicas handle the same event at once, then one change wins and the other is ignored', async () => {
    const { deps, orders, logger } = memoryDeps();
    const order = orders.put(anOrder());
    const event = paymentSucceeded(order);
    // The other replica applies it between this one's read and its compare-and-set.
    orders.interleave(async () => await ORDER_REACTIONS.PaymentSucceeded(deps, event));

    await ORDER_REACTIONS.PaymentSucceeded(deps, event);

    expect(await orders.find(order.id)).toMatchObject({ status: 'PAID', version: 2 });
    expect(orders.outbox(order.id).map((e) => e.type)).toEqual(['OrderPaid']);
    expect(logger.lines.map((line) => line.message)).toContain(
      'event ignored: order is not awaiting payment',
    );
  });

  it('when the order is cancelled while a payment is being applied, then the payment is decided again on CANCELLED and ignored', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());
    const event = paymentSucceeded(order);
    orders.interleave(async () => {
      await orders.update(order, {
        expectedVersion: 1,
        changes: { status: 'CANCELLED', cancelReason: 'customer_request' },
        events: [],
        now: new Date(),
      });
    });

    await ORDER_REACTIONS.PaymentSucceeded(deps, event);

    expect(await orders.find(order.id)).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'NONE',
      version: 2,
    });
    expect((await orders.timeline(order.id)).map((entry) => entry.type)).toEqual([
      'PaymentSucceeded',
    ]);
  });

  it('when an event is about an order this service does not have, then it is logged and nothing is written', async () => {
    const { deps, orders, logger } = memoryDeps();
    const stranger = anOrder();

    await ORDER_REACTIONS.PaymentSucceeded(deps, paymentSucceeded(stranger));

    expect(await orders.find(stranger.id)).toBeNull();
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'event for an unknown order ignored' }),
    );
  });

  it('when an event claims to come from order-service, then it is not applied', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder({ status: 'PAID' }));
    const own = { ...inventoryCommitted(order), source: 'order-service' } as never;

    await ORDER_REACTIONS.InventoryCommitted(deps, own);

    expect(await orders.find(order.id)).toMatchObject({ status: 'PAID', version: 1 });
  });

  it("when an order is paid and then completed, then each saga stage is timed from the order's own timestamps", async () => {
    const now = clock();
    const { deps, orders } = memoryDeps(now);
    const stages: [SagaStage, number][] = [];
    deps.sagaMetrics = { stageReached: (stage, seconds) => stages.push([stage, seconds]) };
    const order = orders.put(anOrder({ createdAt: now(), updatedAt: now() }));

    now.advance(30_000);
    await ORDER_REACTIONS.PaymentSucceeded(deps, paymentSucceeded(order));
    now.advance(5_000);
    await ORDER_REACTIONS.InventoryCommitted(deps, inventoryCommitted(order));

    expect(stages).toEqual([
      ['created_to_paid', 30],
      ['created_to_completed', 35],
      ['paid_to_completed', 5],
    ]);
  });

  it('when the stock commit came first, then paid and completed are one change and paid → completed is zero', async () => {
    const now = clock();
    const { deps, orders } = memoryDeps(now);
    const stages: [SagaStage, number][] = [];
    deps.sagaMetrics = { stageReached: (stage, seconds) => stages.push([stage, seconds]) };
    const order = orders.put(anOrder({ createdAt: now(), updatedAt: now() }));

    now.advance(2_000);
    await ORDER_REACTIONS.InventoryCommitted(deps, inventoryCommitted(order));
    now.advance(8_000);
    await ORDER_REACTIONS.PaymentSucceeded(deps, paymentSucceeded(order));

    expect(await orders.find(order.id)).toMatchObject({ status: 'COMPLETED' });
    expect(stages).toEqual([
      ['created_to_paid', 10],
      ['created_to_completed', 10],
      ['paid_to_completed', 0],
    ]);
  });
});
