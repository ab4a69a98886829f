import { Hold, Notification, Order, ShopEvent } from '@shop/contracts';
import { RESERVING_STATES, toPublicHold } from '@shop/item-service/history';
import { toPublicNotification } from '@shop/notification-service/history';
import { toPublicOrder } from '@shop/order-service/history';
import { describe, expect, it } from 'vitest';
import { HISTORY_DAYS, isCompleted, newSeedRun, seededOrder } from '../src/seed/history.js';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
const run = newSeedRun(100, now);
const all = Array.from({ length: run.total }, (_, index) => seededOrder(run, index));

describe('seeded history', () => {
  it('when a run is seeded, then every order, event, hold and notification passes the contracts the services answer with', () => {
    for (const { order, events, hold, notification } of all) {
      expect(() => Order.parse(toPublicOrder(order))).not.toThrow();
      for (const event of events) expect(ShopEvent.parse(event)).toEqual(event);
      expect(() => Hold.parse(toPublicHold(hold))).not.toThrow();
      expect(() => Notification.parse(toPublicNotification(notification))).not.toThrow();
    }
  });

  it('when a run is seeded, then it is seven in ten completed orders with committed holds and the rest cancelled with released or expired holds', () => {
    const completed = all.filter(({ order }) => order.status === 'COMPLETED');
    expect(completed).toHaveLength(70);
    expect(all.filter(({ order }) => order.status === 'CANCELLED')).toHaveLength(30);
    for (const { order, hold } of completed) {
      expect(hold.status).toBe('COMMITTED');
      expect(hold.lines).toEqual(order.items.map(({ itemId, quantity }) => ({ itemId, quantity })));
      expect(order.paymentStatus).toBe('SUCCEEDED');
    }
    const cancelledHolds = all
      .filter((_, index) => !isCompleted(index))
      .map(({ hold }) => hold.status);
    expect(new Set(cancelledHolds)).toEqual(new Set(['RELEASED', 'EXPIRED']));
  });

  it('when a run is seeded, then nothing is left for a sweeper, a relay or a delivery worker to act on', () => {
    for (const { order, hold, notification, events } of all) {
      expect(['COMPLETED', 'CANCELLED']).toContain(order.status);
      expect(RESERVING_STATES).not.toContain(hold.status);
      expect(hold.expiresAt.getTime()).toBeLessThan(now.getTime());
      expect(notification.status).toBe('SENT');
      expect(notification.id).toBe(events.at(-1)?.eventId);
      expect(notification.orderId).toBe(order.id);
    }
  });

  it('when a run is seeded, then its orders spread over many customers and over the past history, none in the last day', () => {
    const customers = new Set(all.map(({ order }) => order.userId));
    expect(customers.size).toBe(5);
    const times = all.map(({ order }) => order.createdAt.getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime() - DAY);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - (HISTORY_DAYS + 1) * DAY);
    expect(
      new Set(times.map((time) => new Date(time).toISOString().slice(0, 10))).size,
    ).toBeGreaterThan(90);
    for (const { order, events } of all)
      for (const event of events)
        expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(order.createdAt.getTime());
  });

  it('when two runs are seeded, then they share no order, customer or event id', () => {
    const other = newSeedRun(100, now);
    const second = Array.from({ length: other.total }, (_, index) => seededOrder(other, index));
    const ids = (orders: typeof all) =>
      orders.flatMap(({ order, events }) => [
        order.id,
        order.userId,
        ...events.map((e) => e.eventId),
      ]);
    const first = new Set(ids(all));
    expect(ids(second).filter((id) => first.has(id))).toEqual([]);
  });
});
