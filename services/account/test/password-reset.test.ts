import { subjectHashOf } from '@shop/platform';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { accountEventsOf, latestToken, sha256Hex, tokenRowsOf } from './account-emails-support.js';
import {
  customer,
  getMe,
  login,
  PASSWORD,
  startAccountService,
  uniqueAddress,
  uniqueEmail,
} from './support.js';

const NEW_PASSWORD = 'a brand new passphrase';

type App = Awaited<ReturnType<typeof startAccountService>>['app'];

const requestReset = async (app: App, email: string, address = uniqueAddress()) =>
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    payload: { email },
    remoteAddress: address,
  });

const confirm = async (app: App, token: string, password = NEW_PASSWORD) =>
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset/confirm',
    payload: { token, password },
  });

describe('POST /api/v1/auth/password-reset', () => {
  it('when the email has an account, then 202, one hashed token row expiring in 30 min, and an outbox event carrying the raw token', async () => {
    const { app, pool, logs } = await startAccountService();
    const owner = await customer(app);
    const before = Date.now();

    const response = await requestReset(app, owner.email.toUpperCase());

    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      message: 'If an account has this email address, a password reset link is on its way.',
    });
    const resets = (await accountEventsOf(pool, owner.id)).filter(
      (event) => event.type === 'PasswordResetRequested',
    );
    expect(resets).toHaveLength(1);
    const [event] = resets;
    expect(event?.data).toMatchObject({ email: owner.email, name: 'Test User' });
    const token = event?.data.token ?? '';
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = (await tokenRowsOf(pool, owner.id)).filter(
      (row) => row.purpose === 'PASSWORD_RESET',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(sha256Hex(token));
    expect(rows[0]?.used_at).toBeNull();
    const lifetime = new Date(rows[0]?.expires_at ?? 0).getTime() - before;
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    // The raw token is stored nowhere in the table and written to no log line.
    const [plain] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM account_tokens WHERE token_hash = ?',
      [token],
    );
    expect(Number(plain[0]?.n)).toBe(0);
    expect(logs.some((line) => line.includes(token))).toBe(false);
  });

  it('when the email has no account, then the same 202 and no event', async () => {
    const { app, pool } = await startAccountService();
    const email = uniqueEmail('nobody');
    const response = await requestReset(app, email);

    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      message: 'If an account has this email address, a password reset link is on its way.',
    });
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM outbox WHERE topic = 'account.events' AND value LIKE ?`,
      [`%${email}%`],
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('when one client address asks too often, then 429 with Retry-After, for known and unknown emails alike', async () => {
    const { app } = await startAccountService({ env: { PASSWORD_RESET_MAX_PER_ADDRESS: '2' } });
    const address = uniqueAddress();
    expect((await requestReset(app, uniqueEmail(), address)).statusCode).toBe(202);
    expect((await requestReset(app, uniqueEmail(), address)).statusCode).toBe(202);

    const refused = await requestReset(app, uniqueEmail(), address);

    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when one email is asked for too often, then still 202 but no further email', async () => {
    const { app, pool } = await startAccountService({ env: { PASSWORD_RESET_MAX_PER_EMAIL: '2' } });
    const owner = await customer(app);
    for (let i = 0; i < 3; i += 1)
      expect((await requestReset(app, owner.email)).statusCode).toBe(202);

    const resets = (await accountEventsOf(pool, owner.id)).filter(
      (event) => event.type === 'PasswordResetRequested',
    );
    expect(resets).toHaveLength(2);
  });

  it('when the body is not an email, then 400 problem+json', async () => {
    const { app } = await startAccountService();
    const response = await requestReset(app, 'not-an-email');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /api/v1/auth/password-reset/confirm', () => {
  it('when the token is valid, then 204, the new password works, the old does not, and every earlier access and refresh token is revoked', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    await requestReset(app, owner.email);
    const token = await latestToken(pool, owner.id, 'PasswordResetRequested');

    const response = await confirm(app, token);

    expect(response.statusCode).toBe(204);
    expect((await login(app, owner.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await login(app, owner.email, PASSWORD)).statusCode).toBe(401);
    expect((await getMe(app, owner.accessToken)).statusCode).toBe(401);
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: owner.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT used_at FROM account_tokens WHERE token_hash = ?',
      [sha256Hex(token)],
    );
    expect(rows[0]?.used_at).toBeInstanceOf(Date);
    // The revocation list the other services poll names the account's new version.
    const list = await app.inject({ method: 'GET', url: '/api/v1/auth/revocations' });
    expect(list.json().revocations).toContainEqual({
      subjectHash: subjectHashOf(owner.id),
      tokenVersion: 2,
    });
  });

  it('when the token was already used, then 410 problem+json and the password stays as the first use set it', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    await requestReset(app, owner.email);
    const token = await latestToken(pool, owner.id, 'PasswordResetRequested');
    expect((await confirm(app, token)).statusCode).toBe(204);

    const reused = await confirm(app, token, 'yet another passphrase');

    expect(reused.statusCode).toBe(410);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json()).toMatchObject({
      status: 410,
      type: expect.stringContaining('invalid-token'),
    });
    expect((await login(app, owner.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await login(app, owner.email, 'yet another passphrase')).statusCode).toBe(401);
  });

  it('when the token expired, then 410 and nothing changes', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    await requestReset(app, owner.email);
    const token = await latestToken(pool, owner.id, 'PasswordResetRequested');
    await pool.execute('UPDATE account_tokens SET expires_at = ? WHERE token_hash = ?', [
      new Date(Date.now() - 1000),
      sha256Hex(token),
    ]);

    const response = await confirm(app, token);

    expect(response.statusCode).toBe(410);
    expect((await login(app, owner.email, PASSWORD)).statusCode).toBe(200);
    expect((await getMe(app, owner.accessToken)).statusCode).toBe(200);
  });

  it('when the token is unknown, then 410; when the password breaks the rules, then 400 and the token still works', async () => {
    const { app, pool } = await startAccountService();
    expect((await confirm(app, 'A'.repeat(43))).statusCode).toBe(410);
    const owner = await customer(app);
    await requestReset(app, owner.email);
    const token = await latestToken(pool, owner.id, 'PasswordResetRequested');

    const tooShort = await confirm(app, token, 'short');

    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.password' }),
    );
    expect((await confirm(app, token)).statusCode).toBe(204);
  });

  it('when a newer reset was asked for, then the older link stops working', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    await requestReset(app, owner.email);
    const older = await latestToken(pool, owner.id, 'PasswordResetRequested');
    await requestReset(app, owner.email);
    const newer = await latestToken(pool, owner.id, 'PasswordResetRequested');

    expect(newer).not.toBe(older);
    expect((await confirm(app, older)).statusCode).toBe(410);
    expect((await confirm(app, newer)).statusCode).toBe(204);
  });

  it('when one token is confirmed twice at once, then exactly one succeeds', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    await requestReset(app, owner.email);
    const token = await latestToken(pool, owner.id, 'PasswordResetRequested');

    const answers = await Promise.all([
      confirm(app, token, 'first concurrent passphrase'),
      confirm(app, token, 'second concurrent passphrase'),
    ]);

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([204, 410]);
    const [me] = await pool.query<RowDataPacket[]>(
      'SELECT token_version FROM accounts WHERE id = ?',
      [owner.id],
    );
    expect(Number(me[0]?.token_version)).toBe(2);
  });
});
