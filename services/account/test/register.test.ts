import { luhnValidRuns } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { register, startAccountService, uniqueEmail } from './support.js';

describe('POST /api/v1/accounts', () => {
  it('when a customer registers, then 201 returns the account without any secret and stores an argon2id hash', async () => {
    const { app, pool } = await startAccountService();
    const email = uniqueEmail('Mixed.Case');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { email, password: 'a long enough password', name: 'Ada' },
    });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ email, name: 'Ada', role: 'CUSTOMER', paymentMethod: null });
    expect(JSON.stringify(body)).not.toMatch(/password|hash|argon/i);
    const [rows] = (await pool.query(
      'SELECT password_hash, email_normalized FROM accounts WHERE id = ?',
      [body.id],
    )) as [{ password_hash: string; email_normalized: string }[], unknown];
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(rows[0]?.email_normalized).toBe(email.toLowerCase());
  });

  it('when the email is taken, even in another case, then 409 and no second account', async () => {
    const { app, pool } = await startAccountService();
    const first = await register(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { email: first.email.toUpperCase(), password: 'another password!', name: 'Copy' },
    });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'email-taken', status: 409 });
    const [rows] = (await pool.query(
      'SELECT COUNT(*) AS n FROM accounts WHERE email_normalized = ?',
      [first.email.toLowerCase()],
    )) as [{ n: number }[], unknown];
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('when a customer registers with both addresses and a card, then they are stored as PATCH stores them, and no card number is in the store or the logs', async () => {
    const { app, pool, logs } = await startAccountService();
    const shippingAddress = {
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    };
    const billingAddress = { ...shippingAddress, line1: '9 Ledger Lane', city: 'Shelbyville' };
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: {
        email: uniqueEmail(),
        password: 'a long enough password',
        name: 'Ada',
        shippingAddress,
        billingAddress,
        paymentMethod: {
          cardNumber: '4242 4242 4242 4242',
          expMonth: 12,
          expYear: 2099,
          holderName: 'Ada',
        },
      },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      shippingAddress,
      billingAddress,
      paymentMethod: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2099 },
    });
    const [rows] = await pool.query('SELECT * FROM accounts WHERE id = ?', [response.json().id]);
    expect(JSON.stringify(rows)).toContain('Ledger Lane');
    expect(luhnValidRuns(JSON.stringify(rows))).toEqual([]);
    expect(luhnValidRuns(logs.join('\n'))).toEqual([]);
  });

  it.each([
    // Luhn and expiry are rules the document names (422); a CVC is a field it does not have (400).
    [
      'a number failing Luhn',
      422,
      { cardNumber: '4242 4242 4242 4241', expMonth: 12, expYear: 2099 },
    ],
    ['an expired card', 422, { cardNumber: '4242424242424242', expMonth: 1, expYear: 2020 }],
    ['a CVC', 400, { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' }],
  ])(
    'when a registration carries %s, then %i without echoing the number, and no account',
    async (_case, status, card) => {
      const { app, pool, logs } = await startAccountService();
      const email = uniqueEmail();
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: {
          email,
          password: 'a long enough password',
          name: 'Ada',
          paymentMethod: { ...card, holderName: 'Ada' },
        },
      });
      expect(response.statusCode).toBe(status);
      expect(response.body).not.toContain('4242');
      expect(luhnValidRuns(logs.join('\n'))).toEqual([]);
      const [rows] = (await pool.query('SELECT id FROM accounts WHERE email_normalized = ?', [
        email.toLowerCase(),
      ])) as [unknown[], unknown];
      expect(rows).toHaveLength(0);
    },
  );

  it('when the body tries to set a role, then 400 names the field and nothing is stored', async () => {
    const { app, pool } = await startAccountService();
    const email = uniqueEmail();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { email, password: 'a long enough password', name: 'Mallory', role: 'ADMIN' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(response.json().errors)).toMatch(/role/);
    const [rows] = (await pool.query('SELECT id FROM accounts WHERE email_normalized = ?', [
      email,
    ])) as [unknown[], unknown];
    expect(rows).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"email": "x@y.z",', 400],
    ['a number as the email', { email: 42, password: 'a long enough password', name: 'N' }, 400],
    ['a short password', { email: 'a@b.co', password: 'short', name: 'N' }, 400],
    [
      'a huge name',
      { email: 'a@b.co', password: 'a long enough password', name: 'x'.repeat(5000) },
      400,
    ],
    [
      'an operator object as the email',
      { email: { $gt: '' }, password: 'a long enough password', name: 'N' },
      400,
    ],
    ['an oversized body', { email: 'a@b.co', password: 'p'.repeat(70_000), name: 'N' }, 413],
  ])('when the body has %s, then a 4xx problem+json', async (_case, payload, status) => {
    const { app } = await startAccountService();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ status });
  });
});

describe('bootstrap ADMIN', () => {
  it('when the service starts twice, then exactly one ADMIN with the configured email exists', async () => {
    const email = uniqueEmail('admin');
    const overrides = {
      BOOTSTRAP_ADMIN_EMAIL: email,
      BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap password 1',
    };
    await startAccountService({ env: overrides });
    const { pool } = await startAccountService({ env: overrides });

    const [rows] = (await pool.query('SELECT role FROM accounts WHERE email_normalized = ?', [
      email,
    ])) as [{ role: string }[], unknown];
    expect(rows).toEqual([{ role: 'ADMIN' }]);
  });
});
