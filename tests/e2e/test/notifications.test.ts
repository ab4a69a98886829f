import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInboxStream } from '../src/inbox-stream.js';
import { admin, newShopper } from '../src/shopper.js';
import { call, GATEWAY_URL, THROUGH_GATEWAY } from '../src/stack.js';

/** Where notification-service writes emails and text messages without SMTP or SMS provider. */
const MAIL_DIR = process.env.NOTIFICATION_MAIL_DIR ?? '';
const PHONE = '+14155550199';

let shopAdmin: Awaited<ReturnType<typeof admin>>;
const closing: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  shopAdmin = await admin(THROUGH_GATEWAY);
});
afterAll(async () => {
  for (const close of closing) await close();
});

const readSms = async (id: string) => {
  try {
    return await readFile(join(MAIL_DIR, `${id}.sms.txt`), 'utf8');
  } catch {
    return undefined;
  }
};

describe('notifications beyond email, through the gateway', () => {
  it('when a customer opts into SMS and places an order, then a text message is written and the order’s notification arrives live on the stream', async () => {
    const itemId = await shopAdmin.createItem(5, 1_250, 'Notify Lamp');
    const shopper = await newShopper(THROUGH_GATEWAY);
    const saved = await call(`${GATEWAY_URL}/api/v1/notifications/preferences`, 'PUT', {
      token: shopper.token,
      body: { email: true, sms: true, inApp: true, phone: PHONE },
    });
    expect(saved.status).toBe(200);
    const stream = await openInboxStream(shopper.token);
    closing.push(stream.close);

    const order = await shopper.order([{ itemId, quantity: 1 }]);
    expect(order.status).toBe(201);

    const pushed = await eventually(
      async () => stream.notifications.find((n) => n.orderId === order.body.id),
      { timeoutMs: 30_000, what: 'the order’s notification on the stream' },
    );
    expect(pushed).toMatchObject({
      type: 'ORDER_RECEIVED',
      orderId: order.body.id,
      channels: ['email', 'sms', 'in_app'],
    });
    expect(stream.text).toContain(`id: ${pushed.id}`);
    const sms = await eventually(async () => await readSms(pushed.id), {
      timeoutMs: 30_000,
      what: 'the .sms.txt file',
    });
    expect(sms).toMatch(new RegExp(`^To: \\${PHONE}\n\nShop: We received your order #`));
  });

  it('when a customer keeps the default preferences, then no text message is written for their order', async () => {
    const itemId = await shopAdmin.createItem(5, 1_250, 'Quiet Lamp');
    const shopper = await newShopper(THROUGH_GATEWAY);
    const order = await shopper.order([{ itemId, quantity: 1 }]);

    const received = await eventually(
      async () => {
        const { notifications } = (await shopper.notifications()).body;
        return notifications.find((n) => n.orderId === order.body.id && n.status === 'SENT');
      },
      { timeoutMs: 30_000, what: 'the order-received email' },
    );

    expect(received.channels).toEqual(['email', 'in_app']);
    expect(await readSms(received.id)).toBeUndefined();
  });
});
