import { serviceTokenProvider } from '@shop/platform';
import { closedPortUrl } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { createAccountClient } from '../src/clients/accounts.js';
import { NOTIFICATION_REACTIONS } from '../src/consumers/saga-events.js';
import { deliverDue, deliverStored } from '../src/domain/delivery.js';
import type { ClaimCandidate, NotificationRecord } from '../src/domain/model.js';
import type { MailTransport } from '../src/domain/ports.js';
import { orderProgress } from './events.js';
import { mailFilesOf, useNotificationService } from './support.js';
import { consumerDeps } from './unit/in-memory.js';

// The consumer stores notifications; delivery is driven by hand, at chosen times.
const harness = useNotificationService({ background: { consumer: true, delivery: false } });

const policy = { maxAttempts: 3, retryBaseMs: 60_000, retryMaxMs: 600_000, claimTimeoutMs: 60_000 };
const at = (msFromNow: number) => () => new Date(Date.now() + msFromNow);

/** Recipients looked up at an account-service that is down. */
const unreachableRecipients = async () => {
  const url = await closedPortUrl();
  return createAccountClient(
    url,
    serviceTokenProvider({ accountServiceUrl: url, ...harness.config.serviceCredentials }),
  );
};

describe('delivery worker', () => {
  it('when account-service is down, then the email stays PENDING with a backoff, and is SENT once it is back', async () => {
    const customer = harness.customer();
    const event = orderProgress('OrderShipped', customer.id);
    await harness.deliver(event);

    await deliverDue(await harness.delivery({ policy, recipients: await unreachableRecipients() }));
    const waiting = await harness.stored(event.eventId);
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });
    expect(waiting?.lastError).toMatch(/account-service is unreachable/);
    expect(Number(waiting?.nextAttemptAt)).toBeGreaterThan(Date.now() + 50_000);

    // Not due yet: nothing happens before the backoff has passed, even with account-service up.
    await deliverDue(await harness.delivery({ policy }));
    expect(await harness.stored(event.eventId)).toMatchObject({ status: 'PENDING', attempts: 1 });

    await deliverDue(await harness.delivery({ policy, now: at(61_000) }));
    expect(await harness.stored(event.eventId)).toMatchObject({
      status: 'SENT',
      attempts: 2,
      to: customer.email,
      lastError: null,
    });
    expect(await mailFilesOf(harness.mailDir, event.eventId)).toHaveLength(1);
  });

  it('when every attempt fails, then the email is FAILED after the last one with its error', async () => {
    const customer = harness.customer();
    const event = orderProgress('OrderDelivered', customer.id);
    await harness.deliver(event);
    const recipients = await unreachableRecipients();

    // Backoff doubles: due again after 1, then 2 minutes.
    for (const later of [0, 61_000, 61_000 + 121_000])
      await deliverDue(await harness.delivery({ policy, recipients, now: at(later) }));

    const failed = await harness.stored(event.eventId);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3, sentAt: null });
    expect(failed?.lastError).toMatch(/account-service is unreachable/);
    expect(await mailFilesOf(harness.mailDir, event.eventId)).toEqual([]);
  });

  it('when several workers deliver at once, then every email is sent exactly once', async () => {
    const customer = harness.customer();
    const events = Array.from({ length: 12 }, () => orderProgress('OrderShipped', customer.id));
    await harness.deliver(...events);
    const sends = new Map<string, number>();
    const counting = (transport: MailTransport): MailTransport => ({
      send: async (mail) => {
        sends.set(mail.id, (sends.get(mail.id) ?? 0) + 1);
        await transport.send(mail);
      },
      close: transport.close,
    });

    const workers = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const deps = await harness.delivery({ policy });
        return { ...deps, transport: counting(deps.transport) };
      }),
    );
    await Promise.all(workers.map(async (deps) => await deliverDue(deps, { concurrency: 4 })));

    for (const event of events) {
      expect(sends.get(event.eventId)).toBe(1);
      expect(await harness.stored(event.eventId)).toMatchObject({ status: 'SENT', attempts: 1 });
    }
  });

  it('when a new notification is delivered directly while passes run, then it is sent exactly once', async () => {
    const customer = harness.customer();
    const deps = await harness.delivery({ policy });
    const stored: NotificationRecord[] = [];
    const record = { notifications: deps.notifications, now: () => new Date() };
    const sends = new Map<string, number>();
    const transport: MailTransport = {
      send: async (mail) => {
        sends.set(mail.id, (sends.get(mail.id) ?? 0) + 1);
        await deps.transport.send(mail);
      },
      close: deps.transport.close,
    };
    for (let count = 0; count < 8; count += 1) {
      const deliverNow = (notification: NotificationRecord) => stored.push(notification);
      await NOTIFICATION_REACTIONS.OrderShipped(
        consumerDeps({ ...record, deliverNow }),
        orderProgress('OrderShipped', customer.id),
      );
    }

    const racing = { ...deps, transport };
    await Promise.all([
      ...stored.flatMap((notification) => [
        deliverStored(racing, notification),
        deliverStored(racing, notification),
      ]),
      deliverDue(racing),
      deliverDue(racing),
    ]);

    expect(stored).toHaveLength(8);
    for (const notification of stored) {
      expect(sends.get(notification.id)).toBe(1);
      expect(await harness.stored(notification.id)).toMatchObject({ status: 'SENT', attempts: 1 });
    }
  });

  it('when notifications keep arriving while several workers claim and retry them, then none is claimed before it is due', async () => {
    const { notifications } = await harness.delivery();
    const record = consumerDeps({
      notifications,
      now: () => new Date(),
      deliverNow: () => undefined,
    });
    const early: string[] = [];
    let inserting = true;
    const insert = async () => {
      for (let count = 0; count < 400; count += 1)
        await NOTIFICATION_REACTIONS.OrderShipped(
          record,
          orderProgress('OrderShipped', crypto.randomUUID()),
        );
      inserting = false;
    };
    // What a failing delivery does, without the HTTP call: claim, then put off by a minute.
    const retryLater = async (candidate: ClaimCandidate, now: Date) => {
      const claim = await notifications.claim(candidate, now, new Date(now.getTime() + 60_000));
      if (!claim) return;
      if (claim.attempts > 0 || claim.nextAttemptAt > now) early.push(claim.id);
      await notifications.retryLater(claim, 'down', new Date(now.getTime() + 60_000), now);
    };
    const claimAndRetry = async () => {
      while (inserting) {
        const now = new Date();
        for (const candidate of await notifications.findDue(now, 5))
          await retryLater(candidate, now);
      }
    };

    await Promise.all([insert(), ...Array.from({ length: 6 }, claimAndRetry)]);

    expect(early).toEqual([]);
  });
});
