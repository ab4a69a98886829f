import { UnavailableError } from '@shop/platform/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTIFICATION_REACTIONS } from '../../src/consumers/saga-events.js';
import type { NotificationRecord } from '../../src/domain/model.js';
import { startDeliveryWorker } from '../../src/jobs/delivery-worker.js';
import { orderProgress } from '../events.js';
import { consumerDeps, deliveryWorld, POLICY } from './in-memory.js';

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };

/** A world on the fake clock, so the worker's timers and the store's times agree. */
const worldOnFakeClock = () => {
  vi.useFakeTimers({ now: new Date('2030-01-01T10:00:00.000Z') });
  const world = deliveryWorld();
  world.deps.now = () => new Date(Date.now());
  return world;
};

/** Stores the notification of an OrderShipped for a new customer, as the consumer does. */
const storedNotification = async (world: ReturnType<typeof deliveryWorld>) => {
  const customer = world.customer();
  const handed: NotificationRecord[] = [];
  const deps = consumerDeps({
    notifications: world.deps.notifications,
    now: world.deps.now,
    deliverNow: (notification: NotificationRecord) => handed.push(notification),
  });
  await NOTIFICATION_REACTIONS.OrderShipped(deps, orderProgress('OrderShipped', customer.id));
  const [notification] = handed;
  if (!notification) throw new Error('no notification was stored');
  return notification;
};

describe('delivery worker wake-ups', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when a direct delivery must be retried, then the worker delivers it when the retry falls due, not a safety interval later', async () => {
    const world = worldOnFakeClock();
    const notification = await storedNotification(world);
    const worker = startDeliveryWorker(world.deps, {
      intervalMs: 600_000,
      logger: logger as never,
    });
    world.recipients.state.down = new UnavailableError('account-service is unreachable');

    worker.deliverNow(notification);
    await vi.advanceTimersByTimeAsync(1_000);
    world.recipients.state.down = null;
    await vi.advanceTimersByTimeAsync(POLICY.retryBaseMs - 2_000);
    expect(world.mail.sent).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(3_000);
    expect(world.mail.sent.map((mail) => mail.id)).toEqual([notification.id]);
    await worker.stop();
  });

  it('when the direct path is full, then a pass delivers what it skipped at once', async () => {
    const world = worldOnFakeClock();
    const first = await storedNotification(world);
    const second = await storedNotification(world);
    const worker = startDeliveryWorker(world.deps, {
      intervalMs: 600_000,
      logger: logger as never,
      maxInFlight: 1,
    });

    worker.deliverNow(first);
    worker.deliverNow(second);
    await vi.advanceTimersByTimeAsync(100);

    expect(world.mail.sent.map((mail) => mail.id).sort()).toEqual([first.id, second.id].sort());
    await worker.stop();
  });
});
