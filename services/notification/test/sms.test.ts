import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { orderCreated, orderProgress } from './events.js';
import { useNotificationService } from './support.js';

const harness = useNotificationService();

const PHONE = '+14155550123';

const smsFile = async (id: string) => {
  try {
    return await readFile(join(harness.mailDir, `${id}.sms.txt`), 'utf8');
  } catch {
    return undefined;
  }
};

describe('text messages written to the development sink', () => {
  it('when a customer opted into SMS, then one .sms.txt is written beside the .eml, once even when the event is redelivered before and after sending', async () => {
    const customer = harness.customer();
    await harness.prefer(customer, { email: true, sms: true, inApp: true, phone: PHONE });
    const event = orderCreated(customer.id);

    await harness.deliver(event, event);
    const file = await eventually(async () => await smsFile(event.eventId), {
      what: 'the .sms.txt file',
    });
    await eventually(async () => (await harness.storedText(event.eventId))?.status === 'SENT');
    await harness.deliver(event);

    expect(file).toMatch(new RegExp(`^To: \\${PHONE}\n\nShop: We received your order #`));
    expect(await harness.storedText(event.eventId)).toMatchObject({
      channel: 'sms',
      status: 'SENT',
      attempts: 1,
      to: PHONE,
    });
    await eventually(async () => (await harness.mailFile(event.eventId)) !== undefined);
    const files = (await readdir(harness.mailDir)).filter((name) => name.includes(event.eventId));
    expect(files.sort()).toEqual([`${event.eventId}.eml`, `${event.eventId}.sms.txt`]);
  });

  it('when a customer keeps the defaults, then no text message is stored or written', async () => {
    const customer = harness.customer();
    const event = orderProgress('OrderShipped', customer.id);

    await harness.deliver(event);
    await eventually(async () => (await harness.stored(event.eventId))?.status === 'SENT');

    expect(await harness.storedText(event.eventId)).toBeNull();
    expect(await smsFile(event.eventId)).toBeUndefined();
    expect((await harness.stored(event.eventId))?.channels).toEqual(['email', 'in_app']);
  });

  it('when email is switched off, then the notification is SKIPPED and no .eml is written, while the SMS goes out', async () => {
    const customer = harness.customer();
    await harness.prefer(customer, { email: false, sms: true, inApp: false, phone: PHONE });
    const event = orderProgress('OrderCompleted', customer.id);

    await harness.deliver(event);
    await eventually(async () => await smsFile(event.eventId), { what: 'the .sms.txt file' });

    expect(await harness.stored(event.eventId)).toMatchObject({
      status: 'SKIPPED',
      channels: ['sms'],
    });
    expect(await harness.mailFile(event.eventId)).toBeUndefined();
  });
});
