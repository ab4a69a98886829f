import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../src/domain/ports.js';
import { createArgon2Hasher } from '../src/security/argon2-hasher.js';
import {
  decodeJwt,
  login,
  PASSWORD,
  register,
  startAccountService,
  uniqueAddress,
  uniqueEmail,
} from './support.js';

/** The real argon2 hasher, counting every password check (real or dummy) that runs. */
const countingHasher = () => {
  const real = createArgon2Hasher();
  let checks = 0;
  const hasher: PasswordHasher = {
    hash: real.hash,
    verify: async (hash, password) => {
      checks += 1;
      return await real.verify(hash, password);
    },
    verifyAgainstDummy: async (password) => {
      checks += 1;
      await real.verifyAgainstDummy(password);
    },
  };
  return { hasher, count: () => checks };
};

describe('POST /api/v1/auth/login', () => {
  it('when the password is right, then an ES256 access token with every claim and a refresh token', async () => {
    const { app, config } = await startAccountService();
    const account = await register(app);
    const response = await login(app, account.email.toUpperCase());

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: config.tokens.accessTtlSeconds });
    expect(body.refreshToken).toMatch(/^[\w-]{43}$/);
    const { header, payload } = decodeJwt(body.accessToken);
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: config.tokens.issuer,
      aud: config.tokens.audience,
      sub: account.id,
      role: 'CUSTOMER',
      ver: 1,
      jti: expect.any(String),
    });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(15 * 60);
  });

  it('when the email is unknown or the password wrong, then the same 401 and both pay for an argon2 check', async () => {
    const real = createArgon2Hasher();
    const checks: string[] = [];
    const { app } = await startAccountService({
      hasher: {
        hash: real.hash,
        verify: async (hash, password) => {
          checks.push('account');
          return await real.verify(hash, password);
        },
        verifyAgainstDummy: async (password) => {
          checks.push('dummy');
          await real.verifyAgainstDummy(password);
        },
      },
    });
    const account = await register(app);

    const wrongPassword = await login(app, account.email, 'not the password');
    const unknownEmail = await login(app, uniqueEmail('nobody'), 'not the password');

    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(unknownEmail.json()).toEqual(wrongPassword.json());
    expect(checks).toEqual(['account', 'dummy']);
  });

  it('when one account keeps failing, then it is blocked with 429 and Retry-After, even for the right password', async () => {
    const { app } = await startAccountService({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_LOCKOUT_SECONDS: '600' },
    });
    const account = await register(app);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      statuses.push(
        (await login(app, account.email, 'wrong password', uniqueAddress())).statusCode,
      );
    }
    const blocked = await login(app, account.email, PASSWORD, uniqueAddress());

    expect(statuses).toEqual([401, 401, 401]);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(590);
    expect(blocked.json()).toMatchObject({ code: 'too-many-requests' });
  });

  it('when 30 wrong passwords for one account arrive at once, then exactly the limit reach argon2 and the rest get 429', async () => {
    const checks = countingHasher();
    const { app } = await startAccountService({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' },
      hasher: checks.hasher,
    });
    const account = await register(app);

    const statuses = await Promise.all(
      Array.from(
        { length: 30 },
        async () => (await login(app, account.email, 'wrong password', uniqueAddress())).statusCode,
      ),
    );

    expect(checks.count()).toBe(5);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    expect((await login(app, account.email)).statusCode).toBe(429);
  });

  it('when 30 logins at many emails come from one client at once, then exactly its limit reach argon2', async () => {
    const checks = countingHasher();
    const { app } = await startAccountService({
      env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '4' },
      hasher: checks.hasher,
    });
    const address = uniqueAddress();

    const statuses = await Promise.all(
      Array.from(
        { length: 30 },
        async () => (await login(app, uniqueEmail('guess'), 'wrong password', address)).statusCode,
      ),
    );

    expect(checks.count()).toBe(4);
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(26);
  });

  it('when logins fail, then login_throttle holds the account id and keyed hashes, never an email or address', async () => {
    const { app, pool } = await startAccountService();
    const account = await register(app);
    const stranger = uniqueEmail('stranger');
    const address = uniqueAddress();

    await login(app, account.email, 'wrong password', address);
    await login(app, stranger, 'wrong password', address);

    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT subject, attempts FROM login_throttle WHERE subject LIKE ? OR subject LIKE ? OR subject LIKE ?',
      [`account:${account.id}`, 'email:%', 'address:%'],
    );
    const subjects = rows.map((row) => String(row.subject));
    expect(subjects).toContain(`account:${account.id}`);
    expect(
      subjects.every((subject) =>
        /^(account:[0-9a-f-]{36}|(email|address):[0-9a-f]{64})$/.test(subject),
      ),
    ).toBe(true);
    const [leaks] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM login_throttle WHERE subject LIKE ? OR subject LIKE ?',
      [`%${stranger}%`, `%${address}%`],
    );
    expect(Number(leaks[0]?.n)).toBe(0);
  });

  it('when one client address fails across many accounts, then that address is blocked', async () => {
    const { app } = await startAccountService({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '4' } });
    const address = uniqueAddress();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await login(app, uniqueEmail(), 'wrong password', address)).statusCode).toBe(401);
    }
    const account = await register(app);

    expect((await login(app, account.email, PASSWORD, address)).statusCode).toBe(429);
    expect((await login(app, account.email, PASSWORD, uniqueAddress())).statusCode).toBe(200);
  });

  it('when logins come through a trusted proxy, then each forwarded client is throttled on its own', async () => {
    const { app } = await startAccountService({
      env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '2', TRUSTED_PROXIES: '10.255.0.1' },
    });
    const viaGateway = async (client: string, email: string, password: string) =>
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: '10.255.0.1',
        headers: { 'x-forwarded-for': client },
      });
    const attacker = uniqueAddress();
    for (let attempt = 0; attempt < 2; attempt += 1)
      await viaGateway(attacker, uniqueEmail(), 'wrong password');
    const account = await register(app);

    expect((await viaGateway(attacker, account.email, PASSWORD)).statusCode).toBe(429);
    expect((await viaGateway(uniqueAddress(), account.email, PASSWORD)).statusCode).toBe(200);
    // An untrusted sender cannot pick its address by header.
    const spoofed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: PASSWORD },
      remoteAddress: attacker,
      headers: { 'x-forwarded-for': uniqueAddress() },
    });
    expect(spoofed.statusCode).toBe(429);
  });

  it('when a login succeeds after failures, then the account counter starts again', async () => {
    const { app } = await startAccountService({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    const account = await register(app);
    await login(app, account.email, 'wrong password');
    await login(app, account.email, 'wrong password');
    expect((await login(app, account.email)).statusCode).toBe(200);
    await login(app, account.email, 'wrong password');
    await login(app, account.email, 'wrong password');

    expect((await login(app, account.email)).statusCode).toBe(200);
  });
});
