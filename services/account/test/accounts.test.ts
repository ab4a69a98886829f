import { luhnValidRuns } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { bearer, customer, getMe, login, patchAccount, startAccountService } from './support.js';

const VISA = '4242 4242 4242 4242';

describe('reading accounts', () => {
  it('when a customer reads another customer’s account, then 404 as if it did not exist', async () => {
    const { app } = await startAccountService();
    const alice = await customer(app);
    const bob = await customer(app);
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${bob.id}`,
      headers: bearer(alice.accessToken),
    });
    expect(response.statusCode).toBe(404);
    const missing = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${crypto.randomUUID()}`,
      headers: bearer(alice.accessToken),
    });
    expect(missing.statusCode).toBe(404);
    expect(response.json()).toEqual({ ...missing.json(), detail: `No account ${bob.id}` });
  });

  it('when a customer changes another customer’s account, then 404 and nothing changes', async () => {
    const { app } = await startAccountService();
    const alice = await customer(app);
    const bob = await customer(app);
    const response = await patchAccount(app, alice.accessToken, bob.id, { name: 'Hacked' });
    expect(response.statusCode).toBe(404);
    const own = await getMe(app, bob.accessToken);
    expect(own.json().name).toBe('Test User');
  });

  it('when the bootstrap ADMIN reads a customer, then 200', async () => {
    const { app, config } = await startAccountService();
    const bob = await customer(app);
    const admin = (
      await login(app, config.bootstrapAdmin.email, config.bootstrapAdmin.password)
    ).json();
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${bob.id}`,
      headers: bearer(admin.accessToken),
    });
    expect(response.statusCode).toBe(200);
  });

  it('when anonymous with a bad body, then 401 before the body is read; the id and body are never validated', async () => {
    const { app } = await startAccountService();
    const bob = await customer(app);
    const response = await app.inject({
      method: 'PATCH',
      url: '/api/v1/accounts/not-a-uuid',
      payload: { role: 'ADMIN', name: 42 },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).not.toHaveProperty('errors');
    const me = await app.inject({ method: 'GET', url: '/api/v1/accounts/me' });
    expect(me.statusCode).toBe(401);
    expect((await getMe(app, bob.accessToken)).json().role).toBe('CUSTOMER');
  });

  it('when the id is not a UUID, then 400', async () => {
    const { app } = await startAccountService();
    const alice = await customer(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/accounts/1%20OR%201=1',
      headers: bearer(alice.accessToken),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('updating an account', () => {
  it('when the name and addresses change, then they are returned and stored', async () => {
    const { app } = await startAccountService();
    const alice = await customer(app);
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
    const response = await patchAccount(app, alice.accessToken, alice.id, {
      name: 'Alice Liddell',
      shippingAddress: address,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Alice Liddell',
      shippingAddress: address,
      billingAddress: null,
    });
    const again = await getMe(app, alice.accessToken);
    expect(again.json().shippingAddress).toEqual(address);
  });

  it('when the body tries to change the role, then 400 and the role stays', async () => {
    const { app } = await startAccountService();
    const alice = await customer(app);
    const response = await patchAccount(app, alice.accessToken, alice.id, { role: 'ADMIN' });
    expect(response.statusCode).toBe(400);
    const again = await getMe(app, alice.accessToken);
    expect(again.json().role).toBe('CUSTOMER');
  });

  it('when a card is saved, then only brand, last 4 and expiry are kept, nowhere a card number', async () => {
    const { app, pool, logs } = await startAccountService();
    const alice = await customer(app);
    const response = await patchAccount(app, alice.accessToken, alice.id, {
      paymentMethod: { cardNumber: VISA, expMonth: 12, expYear: 2099, holderName: 'Alice' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().paymentMethod).toEqual({
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2099,
    });
    const [rows] = await pool.query('SELECT * FROM accounts WHERE id = ?', [alice.id]);
    expect(luhnValidRuns(JSON.stringify(rows))).toEqual([]);
    const [tokens] = await pool.query('SELECT * FROM refresh_tokens WHERE account_id = ?', [
      alice.id,
    ]);
    expect(luhnValidRuns(JSON.stringify(tokens))).toEqual([]);
    expect(luhnValidRuns(logs.join('\n'))).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'a number failing Luhn',
      422,
      { cardNumber: '4242 4242 4242 4241', expMonth: 12, expYear: 2099, holderName: 'A' },
    ],
    ['an expired card', 422, { cardNumber: VISA, expMonth: 1, expYear: 2020, holderName: 'A' }],
    [
      'letters in the number',
      400,
      { cardNumber: '4242-abcd-4242-4242', expMonth: 12, expYear: 2099, holderName: 'A' },
    ],
    [
      'two spaces in a row in the number',
      400,
      { cardNumber: '4242  4242 4242 4242', expMonth: 12, expYear: 2099, holderName: 'A' },
    ],
    [
      'a CVC field',
      400,
      { cardNumber: VISA, expMonth: 12, expYear: 2099, holderName: 'A', cvc: '123' },
    ],
  ])(
    // 400: invalid per the API document; 422: a rule the document names (Luhn, expiry).
    'when the card has %s, then %i without echoing the number, nothing saved',
    async (_case, status, paymentMethod) => {
      const { app, logs } = await startAccountService();
      const alice = await customer(app);
      const response = await patchAccount(app, alice.accessToken, alice.id, { paymentMethod });
      expect(response.statusCode).toBe(status);
      expect(response.body).not.toContain('4242');
      const again = await getMe(app, alice.accessToken);
      expect(again.json().paymentMethod).toBeNull();
      expect(luhnValidRuns(logs.join('\n'))).toEqual([]);
    },
  );

  it('when the body is empty, then 400', async () => {
    const { app } = await startAccountService();
    const alice = await customer(app);
    const response = await patchAccount(app, alice.accessToken, alice.id, {});
    expect(response.statusCode).toBe(400);
  });
});
