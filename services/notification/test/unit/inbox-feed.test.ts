import { describe, expect, it } from 'vitest';
import type { NotificationRecord } from '../../src/domain/model.js';
import { newNotification } from '../../src/domain/notifications.js';
import type { InboxReader } from '../../src/domain/ports.js';
import { orderShipped } from '../../src/domain/templates.js';
import { startInboxFeed } from '../../src/jobs/inbox-feed.js';
import { orderProgress } from '../events.js';

/** The store as other replicas fill it: whatever `inAppSince` finds, and how often it was asked. */
const USERS = {
  alice: crypto.randomUUID(),
  bob: crypto.randomUUID(),
  carol: crypto.randomUUID(),
};

const sharedStore = () => {
  const stored: NotificationRecord[] = [];
  const state = { polls: 0 };
  const reader: InboxReader = {
    inAppSince: async (since) => {
      state.polls += 1;
      return stored.filter((n) => n.createdAt >= since && n.channels.includes('in_app'));
    },
    inboxAfter: async () => ({ after: null, notifications: [] }),
  };
  const add = (userId: string, channels: NotificationRecord['channels'] = ['email', 'in_app']) => {
    const notification = newNotification(
      orderProgress('OrderShipped', userId),
      orderShipped,
      new Date(),
      channels,
    );
    stored.push(notification);
    return notification;
  };
  return { reader, add, state };
};

const waitFor = async (condition: () => boolean) => {
  for (let tries = 0; tries < 200 && !condition(); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('the inbox feed of one replica', () => {
  it('when another replica stores a notification, then a poll hands it to its user’s subscribers once, and to nobody else', async () => {
    const store = sharedStore();
    const feed = startInboxFeed(store.reader, { pollMs: 10, logger: { warn: () => undefined } });
    const alice: string[] = [];
    const bob: string[] = [];
    feed.subscribe(USERS.alice, (n) => alice.push(n.id));
    feed.subscribe(USERS.bob, (n) => bob.push(n.id));

    const stored = store.add(USERS.alice);
    store.add(USERS.carol);
    await waitFor(() => store.state.polls >= 3 && alice.length > 0);

    expect(alice).toEqual([stored.id]);
    expect(bob).toEqual([]);
    await feed.stop();
  });

  it('when this replica published a notification and a poll finds it too, then subscribers get it once', async () => {
    const store = sharedStore();
    const feed = startInboxFeed(store.reader, { pollMs: 10, logger: { warn: () => undefined } });
    const received: string[] = [];
    feed.subscribe(USERS.alice, (n) => received.push(n.id));

    feed.publish(store.add(USERS.alice));
    await waitFor(() => store.state.polls >= 3);

    expect(received).toHaveLength(1);
    await feed.stop();
  });

  it('when no stream is open, then the store is not polled', async () => {
    const store = sharedStore();
    const feed = startInboxFeed(store.reader, { pollMs: 10, logger: { warn: () => undefined } });
    const unsubscribe = feed.subscribe(USERS.alice, () => undefined);
    await waitFor(() => store.state.polls >= 1);
    unsubscribe();
    const polls = store.state.polls;

    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(store.state.polls).toBeLessThanOrEqual(polls + 1);
    await feed.stop();
  });
});
