import { PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { bearer, useNotificationService } from './support.js';

const harness = useNotificationService({ background: { consumer: false, delivery: false } });

const URL = '/api/v1/notifications/preferences';
const read = async (token?: string) =>
  await harness.app.inject({ method: 'GET', url: URL, headers: token ? bearer(token) : {} });
const write = async (token: string | undefined, payload: unknown) =>
  await harness.app.inject({
    method: 'PUT',
    url: URL,
    headers: token ? bearer(token) : {},
    payload: payload as Record<string, unknown>,
  });

const SMS_ON = { email: false, sms: true, inApp: true, phone: '+14155550123' };

describe('GET/PUT /api/v1/notifications/preferences', () => {
  it('when a customer never saved any, then the defaults: email and in-app on, SMS off, no phone', async () => {
    const response = await read(harness.customer().token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      email: true,
      sms: false,
      inApp: true,
      phone: null,
      updatedAt: null,
    });
  });

  it('when a customer saves preferences, then they read them back, and another customer still has the defaults', async () => {
    const alice = harness.customer();
    const bob = harness.customer();

    const saved = await write(alice.token, SMS_ON);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ ...SMS_ON, updatedAt: expect.any(String) });
    expect((await read(alice.token)).json()).toEqual(saved.json());
    expect((await read(bob.token)).json()).toMatchObject({ sms: false, phone: null });

    const off = { email: true, sms: false, inApp: false, phone: null };
    expect((await write(alice.token, off)).json()).toMatchObject(off);
    expect((await read(alice.token)).json()).toMatchObject(off);
  });

  it('when SMS is switched on without a phone number, then 422 naming phone, and nothing changes', async () => {
    const customer = harness.customer();
    const response = await write(customer.token, { ...SMS_ON, phone: null });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(response.json().errors[0].path).toBe('body.phone');
    expect((await read(customer.token)).json()).toMatchObject({ sms: false, updatedAt: null });
  });

  it.each([
    ['a phone number that is not E.164', { ...SMS_ON, phone: '0415 555 0123' }],
    ['an unknown field', { ...SMS_ON, userId: crypto.randomUUID() }],
    ['a missing field', { email: true, sms: false, phone: null }],
    ['a string where a boolean goes', { ...SMS_ON, email: 'yes' }],
    ['an operator where a string goes', { ...SMS_ON, phone: { $gt: '' } }],
  ])('when the body has %s, then 400 problem+json and nothing changes', async (_, payload) => {
    const customer = harness.customer();
    const response = await write(customer.token, payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect((await read(customer.token)).json()).toMatchObject({ updatedAt: null });
  });

  it('when there is no token or a forged one, then 401 for reading and writing', async () => {
    for (const token of [undefined, 'eyJhbGciOiJub25lIn0.e30.']) {
      for (const response of [await read(token), await write(token, SMS_ON)]) {
        expect(response.statusCode).toBe(401);
        expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
      }
    }
  });

  it('when a service calls with its SERVICE token, then 403: preferences are their owner’s only', async () => {
    const token = harness.accounts.serviceToken('notification-service');
    for (const response of [await read(token), await write(token, SMS_ON)]) {
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    }
  });

  it('when a customer names another account in the query, then 400: there is no way to reach anyone else’s', async () => {
    const alice = harness.customer();
    const bob = harness.customer();
    const response = await harness.app.inject({
      method: 'GET',
      url: `${URL}?userId=${bob.id}`,
      headers: bearer(alice.token),
    });
    expect(response.statusCode).toBe(400);
  });
});
