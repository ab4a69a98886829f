import { type AccountEvent, createAccountEvent } from '@shop/contracts';
import { TransientError } from '@shop/platform/failures';
import { describe, expect, it } from 'vitest';
import {
  type AccountEmailLog,
  type AccountEmailOutcome,
  sendAccountEmail,
} from '../../src/domain/account-email-sending.js';
import { accountEmail, accountLink } from '../../src/domain/account-emails.js';
import {
  type MailTransport,
  type OutgoingMail,
  PermanentDeliveryError,
} from '../../src/domain/ports.js';

const now = new Date('2030-01-01T10:00:00.000Z');
const event = (expiresAt = '2030-01-01T10:30:00.000Z'): AccountEvent =>
  createAccountEvent('PasswordResetRequested', {
    accountId: crypto.randomUUID(),
    data: {
      email: 'ann@test.example',
      name: 'Ann',
      token: 'T0ken-_abcdefghijklmnopqrstuvwxyz',
      expiresAt,
    },
  });

const world = (send: (mail: OutgoingMail) => Promise<void> = async () => undefined) => {
  const records = new Map<string, AccountEmailOutcome>();
  const sent: OutgoingMail[] = [];
  const log: AccountEmailLog = {
    handled: async (id) => records.has(id),
    record: async (e, outcome) => {
      records.set(e.eventId, outcome);
    },
  };
  const transport: MailTransport = {
    send: async (mail) => {
      await send(mail);
      sent.push(mail);
    },
    close: async () => undefined,
  };
  return {
    deps: { log, transport, storefrontUrl: 'https://shop.example/', now: () => now },
    records,
    sent,
  };
};

describe('account emails', () => {
  it('when a link is built, then the token is in the fragment of the storefront page (never sent to a server)', () => {
    expect(accountLink('https://shop.example/', 'reset-password', 'a-b_c')).toBe(
      'https://shop.example/reset-password#token=a-b_c',
    );
  });

  it('when a reset email is rendered, then it goes to the address in the event, named by the event id, with the link and expiry', () => {
    const e = event();
    const mail = accountEmail(e, 'https://shop.example');
    expect(mail).toMatchObject({ id: e.eventId, to: { email: 'ann@test.example', name: 'Ann' } });
    expect(mail.text).toContain(`https://shop.example/reset-password#token=${e.data.token}`);
    expect(mail.text).toContain('Jan 1, 2030');
  });

  it('when an event is handled twice, then one email is sent and one record kept', async () => {
    const { deps, records, sent } = world();
    const e = event();
    await sendAccountEmail(deps, e);
    await sendAccountEmail(deps, e);
    expect(sent).toHaveLength(1);
    expect(records.get(e.eventId)).toBe('SENT');
  });

  it('when the link has expired, then nothing is sent and the event is recorded as expired', async () => {
    const { deps, records, sent } = world();
    const e = event('2030-01-01T10:00:00.000Z');
    await sendAccountEmail(deps, e);
    expect(sent).toHaveLength(0);
    expect(records.get(e.eventId)).toBe('EXPIRED');
  });

  it('when the mail server does not answer, then a transient failure (retried by the consumer) and nothing recorded', async () => {
    const { deps, records } = world(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    const e = event();
    await expect(sendAccountEmail(deps, e)).rejects.toBeInstanceOf(TransientError);
    expect(records.has(e.eventId)).toBe(false);
  });

  it('when the mail server rejects the address for good, then it is recorded as rejected and not retried', async () => {
    const { deps, records } = world(async () => {
      throw new PermanentDeliveryError('550 no such user');
    });
    const e = event();
    await sendAccountEmail(deps, e);
    expect(records.get(e.eventId)).toBe('REJECTED');
  });
});
