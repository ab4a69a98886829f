import { createEvent, EVENT_TOPIC, EVENT_TYPES, type ShopEvent } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { ITEM_REACTIONS, ITEM_TOPICS, reactToEvent } from '../../src/consumers/saga-events.js';
import { orderCancelled, paymentSucceeded } from './events.js';
import { world } from './world.js';

describe('ITEM_REACTIONS', () => {
  it('when the saga table is read, then item-service reacts to PaymentSucceeded and OrderCancelled only', () => {
    expect(Object.keys(ITEM_REACTIONS).sort()).toEqual(['OrderCancelled', 'PaymentSucceeded']);
    for (const type of Object.keys(ITEM_REACTIONS))
      expect(EVENT_TYPES).toContain(type as ShopEvent['type']);
  });

  it('when item-service reacts to an event type, then it reads that type’s topic', () => {
    for (const type of Object.keys(ITEM_REACTIONS) as (keyof typeof ITEM_REACTIONS)[])
      expect(ITEM_TOPICS).toContain(EVENT_TOPIC[type]);
  });

  it('when a PaymentSucceeded is handled, then the table’s reaction commits the hold', async () => {
    const w = world();
    const itemId = await w.addItem(3);
    const orderId = await w.place([{ itemId, quantity: 1 }]);
    await reactToEvent(w.deps, paymentSucceeded(orderId));
    expect(await w.status(orderId)).toBe('COMMITTED');
  });

  it('when an OrderCancelled is handled, then the table’s reaction releases the hold', async () => {
    const w = world();
    const itemId = await w.addItem(3);
    const orderId = await w.place([{ itemId, quantity: 1 }]);
    await ITEM_REACTIONS.OrderCancelled(w.deps, orderCancelled(orderId));
    expect(await w.status(orderId)).toBe('RELEASED');
  });

  it('when an event item-service does not react to arrives, then nothing happens to the hold or the stock', async () => {
    const w = world();
    const itemId = await w.addItem(3);
    const orderId = await w.place([{ itemId, quantity: 1 }]);
    const others = [
      createEvent('PaymentFailed', {
        orderId,
        source: 'payment-service',
        data: {
          paymentId: crypto.randomUUID(),
          userId: '00000000-0000-4000-8000-0000000000aa',
          amount: 100,
          currency: 'USD',
          reason: 'card_declined',
        },
      }),
      createEvent('InventoryCommitted', {
        orderId,
        source: 'item-service',
        data: { lines: [{ itemId, quantity: 1 }] },
      }),
    ];
    for (const event of others) await reactToEvent(w.deps, event);
    expect(await w.holds.find(orderId)).toMatchObject({ status: 'HELD', handledEvents: [] });
    expect(await w.inventory(itemId)).toEqual({ onHand: 3, reserved: 1, available: 2 });
  });
});
