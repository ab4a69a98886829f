import { EVENT_TYPES, type EventType, type ShopEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_REACTIONS, notificationHandler } from '../../src/consumers/saga-events.js';
import type { NotificationRecord } from '../../src/domain/model.js';
import { listNotifications, type NotificationDeps } from '../../src/domain/notifications.js';
import {
  orderCancelled,
  orderCreated,
  orderProgress,
  paymentFailed,
  paymentRefunded,
  silentEvents,
} from '../events.js';
import { consumerDeps, inMemoryNotifications } from './in-memory.js';

const world = () => {
  const notifications = inMemoryNotifications();
  const handed: NotificationRecord[] = [];
  const now = new Date('2030-01-01T10:00:00.000Z');
  const deps: NotificationDeps = consumerDeps({
    notifications: notifications.store,
    now: () => now,
    deliverNow: (notification) => handed.push(notification),
  });
  /** Delivers an event to the consumer's handler, as Kafka would. */
  const deliver = async (event: ShopEvent) => await notificationHandler(deps)(event, {} as never);
  return { deps, notifications, handed, now, deliver };
};

const eventsFor = (userId: string): [string, ShopEvent][] => [
  ['ORDER_RECEIVED', orderCreated(userId)],
  ['PAYMENT_FAILED', paymentFailed(userId)],
  ['ORDER_COMPLETED', orderProgress('OrderCompleted', userId)],
  ['ORDER_CANCELLED', orderCancelled(userId)],
  ['REFUND_ISSUED', paymentRefunded(userId)],
  ['ORDER_SHIPPED', orderProgress('OrderShipped', userId)],
  ['ORDER_DELIVERED', orderProgress('OrderDelivered', userId)],
];

describe('the reaction table', () => {
  it('when the table is read, then every order and payment event a customer hears about has a reaction, and only those', () => {
    expect((Object.keys(NOTIFICATION_REACTIONS) as EventType[]).sort()).toEqual(
      EVENT_TYPES.filter(
        (type) =>
          (type.startsWith('Order') || type.startsWith('Payment')) &&
          !['OrderUpdated', 'OrderPaid', 'PaymentSucceeded'].includes(type),
      ).sort(),
    );
  });

  it.each(eventsFor(crypto.randomUUID()))(
    'when the event of a %s email arrives, then one PENDING notification keyed by the event id is stored and handed to delivery',
    async (type, event) => {
      const { notifications, handed, now, deliver } = world();

      await deliver(event);

      const stored = notifications.documents.get(event.eventId);
      expect(stored).toMatchObject({
        type,
        eventType: event.type,
        orderId: event.orderId,
        userId: 'userId' in event.data ? event.data.userId : undefined,
        channel: 'email',
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
      expect(stored?.text).toContain(event.orderId);
      expect(handed.map((notification) => notification.id)).toEqual([event.eventId]);
    },
  );

  it('when an event is redelivered, then there is still one notification and delivery is not asked again', async () => {
    const { notifications, handed, deliver } = world();
    const event = orderCreated(crypto.randomUUID());

    await deliver(event);
    await deliver(event);

    expect(notifications.documents.size).toBe(1);
    expect(handed).toHaveLength(1);
  });

  it('when OrderUpdated, OrderPaid or PaymentSucceeded arrive, then no notification is made', async () => {
    const { notifications, handed, deliver } = world();

    for (const event of silentEvents(crypto.randomUUID(), crypto.randomUUID()))
      await deliver(event);

    expect(notifications.documents.size).toBe(0);
    expect(handed).toEqual([]);
  });
});

const caller = (id: string, role: Caller['role']): Caller => ({ id, role, tokenVersion: 1 });

describe('listing notifications', () => {
  it("when a customer lists, then it gets its own notifications newest first; another's are refused unless it is an ADMIN", async () => {
    const { deps, deliver } = world();
    const alice = crypto.randomUUID();
    for (const [, event] of eventsFor(alice).slice(0, 2)) await deliver(event);
    await deliver(orderCreated(crypto.randomUUID()));

    const own = await listNotifications(deps, caller(alice, 'CUSTOMER'), {
      limit: 10,
    });
    expect(own.notifications.map((notification) => notification.type).sort()).toEqual([
      'ORDER_RECEIVED',
      'PAYMENT_FAILED',
    ]);
    expect(own.notifications[0]).not.toHaveProperty('html');
    await expect(
      listNotifications(deps, caller(crypto.randomUUID(), 'CUSTOMER'), {
        userId: alice,
        limit: 10,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const asAdmin = await listNotifications(deps, caller(crypto.randomUUID(), 'ADMIN'), {
      userId: alice,
      limit: 10,
    });
    expect(asAdmin.notifications).toHaveLength(2);
  });
});
