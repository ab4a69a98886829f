import { eventually } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartEverything, signal } from '../../src/faults.js';
import { type InboxStream, openInboxStream } from '../../src/inbox-stream.js';
import { admin, newShopper } from '../../src/shopper.js';
import { THROUGH_GATEWAY } from '../../src/stack.js';

/** The inbox feed's look-back (its default overlapMs) and a second to spare. */
const FEED_LOOK_BACK_MS = 16_000;

let shopAdmin: Awaited<ReturnType<typeof admin>>;
const streams: InboxStream[] = [];

beforeAll(async () => {
  shopAdmin = await admin(THROUGH_GATEWAY);
});
afterAll(async () => {
  for (const stream of streams) await stream.close();
  await restartEverything();
});

const received = async (stream: InboxStream, orderId: string, what: string) =>
  await eventually(async () => stream.notifications.find((n) => n.orderId === orderId), {
    timeoutMs: 60_000,
    what,
  });

describe('the inbox stream when notification-service dies (native services as processes)', () => {
  it('when notification-service is SIGKILLed under an open stream, then the stream ends at the browser, and reopened from its last id it gets what came meanwhile, each once', async () => {
    const itemId = await shopAdmin.createItem(5, 1_250, 'Stream Lamp');
    const shopper = await newShopper(THROUGH_GATEWAY);
    const first = await openInboxStream(shopper.token);
    streams.push(first);
    const before = await shopper.order([{ itemId, quantity: 1 }]);
    expect(before.status).toBe(201);
    const seen = await received(first, before.body.id, 'the first order’s notification');

    signal('notification-service', 'SIGKILL');
    // The gateway ends the browser's response when its upstream goes (an EventSource then
    // reconnects): a stream left open would never hear of anything again.
    await Promise.race([
      first.ended,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the stream still open 15 s after')), 15_000).unref(),
      ),
    ]);
    const during = await shopper.order([{ itemId, quantity: 1 }]);
    expect(during.status).toBe(201);
    await restartEverything();
    // Stored, and older than the live feed's look-back (15 s, jobs/inbox-feed.ts), before the
    // stream reopens: only the catch-up from the last id can bring it.
    const stored = await eventually(
      async () =>
        (await shopper.notifications()).body.notifications.find(
          (n) => n.orderId === during.body.id,
        ),
      { timeoutMs: 60_000, what: 'the notification stored after the restart' },
    );
    const pastLookBack = new Date(stored.createdAt).getTime() + FEED_LOOK_BACK_MS - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, pastLookBack)));

    const resumed = await openInboxStream(shopper.token, { lastEventId: seen.id });
    streams.push(resumed);
    const missed = await received(resumed, during.body.id, 'the notification made while down');
    expect(missed.type).toBe('ORDER_RECEIVED');
    // What the first stream had is not sent again.
    expect(resumed.notifications.map((n) => n.id)).not.toContain(seen.id);
    expect(new Set(resumed.notifications.map((n) => n.id)).size).toBe(resumed.notifications.length);
  });
});
