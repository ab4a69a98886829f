import { UnavailableError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_REACTIONS } from '../../src/consumers/saga-events.js';
import { deliverDue, deliverStored, RECIPIENT_UNKNOWN } from '../../src/domain/delivery.js';
import type { NotificationRecord } from '../../src/domain/model.js';
import { PermanentDeliveryError } from '../../src/domain/ports.js';
import { orderProgress } from '../events.js';
import { consumerDeps, deliveryWorld, POLICY } from './in-memory.js';

/** Stores the notification of an OrderShipped for `userId`, as the consumer does. */
const stored = async (world: ReturnType<typeof deliveryWorld>, userId: string) => {
  const handed: NotificationRecord[] = [];
  const deps = consumerDeps({
    notifications: world.deps.notifications,
    now: world.deps.now,
    deliverNow: (notification: NotificationRecord) => handed.push(notification),
  });
  await NOTIFICATION_REACTIONS.OrderShipped(deps, orderProgress('OrderShipped', userId));
  const [notification] = handed;
  if (!notification) throw new Error('no notification was stored');
  return notification;
};

const documentOf = (world: ReturnType<typeof deliveryWorld>, id: string) =>
  world.notifications.documents.get(id);

describe('delivery over in-memory ports', () => {
  it('when a stored notification is delivered, then it goes to the address account-service has now and is SENT once', async () => {
    const world = deliveryWorld();
    const customer = world.customer();
    const notification = await stored(world, customer.id);

    expect(await deliverStored(world.deps, notification)).toBe('sent');
    expect(await deliverStored(world.deps, notification)).toBeNull();
    expect(await deliverDue(world.deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });

    expect(world.mail.sent).toMatchObject([
      { id: notification.id, to: { email: customer.email }, subject: notification.subject },
    ]);
    expect(documentOf(world, notification.id)).toMatchObject({
      status: 'SENT',
      attempts: 1,
      to: customer.email,
      sentAt: world.deps.now(),
      claimId: null,
    });
  });

  it('when account-service is down, then the notification waits out the backoff and is sent once it is back', async () => {
    const world = deliveryWorld();
    const customer = world.customer();
    const notification = await stored(world, customer.id);
    world.recipients.state.down = new UnavailableError('account-service is unreachable');

    expect(await deliverDue(world.deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(documentOf(world, notification.id)).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      lastError: 'account-service is unreachable',
      nextAttemptAt: new Date(world.deps.now().getTime() + POLICY.retryBaseMs),
    });
    world.recipients.state.down = null;
    world.advance(POLICY.retryBaseMs - 1);
    expect(await deliverDue(world.deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    world.advance(1);
    expect(await deliverDue(world.deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(documentOf(world, notification.id)).toMatchObject({
      status: 'SENT',
      attempts: 2,
      lastError: null,
    });
  });

  it('when every attempt fails, then the notification is FAILED after the last one, with its error', async () => {
    const world = deliveryWorld();
    const notification = await stored(world, world.customer().id);
    world.mail.state.refuse = new Error('connection reset');

    for (const wait of [0, POLICY.retryBaseMs, 2 * POLICY.retryBaseMs]) {
      world.advance(wait);
      await deliverDue(world.deps);
    }

    expect(documentOf(world, notification.id)).toMatchObject({
      status: 'FAILED',
      attempts: POLICY.maxAttempts,
      lastError: 'connection reset',
      sentAt: null,
    });
    expect(world.mail.sent).toEqual([]);
  });

  it('when the mail server refuses the address for good, then FAILED at the first attempt', async () => {
    const world = deliveryWorld();
    const notification = await stored(world, world.customer().id);
    world.mail.state.refuse = new PermanentDeliveryError('rejected by the mail server: 550');

    expect(await deliverStored(world.deps, notification)).toBe('failed');
    expect(documentOf(world, notification.id)).toMatchObject({ status: 'FAILED', attempts: 1 });
  });

  it('when the user has no account, then FAILED recipient-unknown and nothing is sent', async () => {
    const world = deliveryWorld();
    const notification = await stored(world, crypto.randomUUID());

    expect(await deliverStored(world.deps, notification)).toBe('failed');
    expect(documentOf(world, notification.id)).toMatchObject({
      status: 'FAILED',
      lastError: RECIPIENT_UNKNOWN,
      to: null,
    });
    expect(world.mail.sent).toEqual([]);
  });

  it('when the store fails while recording an outcome, then the error propagates and the claim is left to expire', async () => {
    const world = deliveryWorld();
    const notification = await stored(world, world.customer().id);
    const deps = {
      ...world.deps,
      notifications: {
        ...world.deps.notifications,
        markSent: async () => {
          throw new Error('store gone');
        },
      },
    };

    await expect(deliverStored(deps, notification)).rejects.toThrow('store gone');
    expect(documentOf(world, notification.id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    world.advance(POLICY.claimTimeoutMs);
    expect(await deliverDue(world.deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
  });

  it('when several workers and direct deliveries race, then every notification is sent exactly once', async () => {
    const world = deliveryWorld();
    const customer = world.customer();
    const notifications = [];
    for (let count = 0; count < 12; count += 1)
      notifications.push(await stored(world, customer.id));

    await Promise.all([
      ...notifications.flatMap((notification) => [
        deliverStored(world.deps, notification),
        deliverStored(world.deps, notification),
      ]),
      deliverDue(world.deps, { concurrency: 4 }),
      deliverDue(world.deps, { concurrency: 4 }),
    ]);

    const sends = world.mail.sent.map((mail) => mail.id).sort();
    expect(sends).toEqual(notifications.map((notification) => notification.id).sort());
    for (const notification of notifications)
      expect(documentOf(world, notification.id)).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('when a lane meets a failure that may pass, then it stops and leaves the rest for the next pass', async () => {
    const world = deliveryWorld();
    for (let count = 0; count < 3; count += 1) await stored(world, world.customer().id);
    world.recipients.state.down = new UnavailableError('account-service is unreachable');

    const report = await deliverDue(world.deps, { concurrency: 1 });

    expect(report).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(world.recipients.state.asked).toBe(1);
  });
});
