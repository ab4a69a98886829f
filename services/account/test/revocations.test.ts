import { TokenRevocations } from '@shop/contracts';
import { subjectHashOf } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import {
  bearer,
  customer,
  getMe,
  patchAccount,
  startAccountService,
  type TestApp,
} from './support.js';

const URL = '/api/v1/auth/revocations';

const revocations = async (app: TestApp['app'], since?: string) => {
  const response = await app.inject({
    method: 'GET',
    url: since ? `${URL}?since=${encodeURIComponent(since)}` : URL,
  });
  expect(response.statusCode).toBe(200);
  return TokenRevocations.parse(response.json());
};

const changePassword = async (app: TestApp['app'], user: Awaited<ReturnType<typeof customer>>) => {
  const response = await patchAccount(app, user.accessToken, user.id, {
    currentPassword: user.password,
    newPassword: 'a brand new password',
  });
  expect(response.statusCode).toBe(200);
};

describe('GET /api/v1/auth/revocations', () => {
  it('when a reader holds the current fingerprint with wait, then it is answered as soon as a password changes, with that account', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const current = await revocations(app);
    const started = Date.now();

    const held = app.inject({
      method: 'GET',
      url: `${URL}?wait=20&ifChanged=${current.fingerprint}&since=${encodeURIComponent(current.asOf)}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await changePassword(app, user);
    const answer = TokenRevocations.parse((await held).json());

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer.fingerprint).not.toBe(current.fingerprint);
    expect(answer.revocations).toContainEqual({
      subjectHash: subjectHashOf(user.id),
      tokenVersion: 2,
    });
  });

  it('when a reader names a fingerprint that is not the current one, then it is answered at once', async () => {
    const { app } = await startAccountService();
    const started = Date.now();

    const response = await app.inject({ method: 'GET', url: `${URL}?wait=20&ifChanged=stale` });

    expect(response.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('when wait is beyond 30 s or not a number, then 400 problem+json', async () => {
    const { app } = await startAccountService();
    for (const wait of ['31', 'soon']) {
      const response = await app.inject({ method: 'GET', url: `${URL}?wait=${wait}` });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('when a password changes, then the list names the account by a hash of its id with its new token version', async () => {
    const { app } = await startAccountService();
    const [changed, unchanged, renamed] = [
      await customer(app),
      await customer(app),
      await customer(app),
    ];
    const before = await revocations(app);
    await changePassword(app, changed);
    await patchAccount(app, renamed.accessToken, renamed.id, { name: 'Another Name' });

    const after = await revocations(app, before.asOf);

    expect(after.revocations).toContainEqual({
      subjectHash: subjectHashOf(changed.id),
      tokenVersion: 2,
    });
    const listed = after.revocations.map((revocation) => revocation.subjectHash);
    expect(listed).not.toContain(subjectHashOf(unchanged.id));
    expect(listed).not.toContain(subjectHashOf(renamed.id)); // a profile change revokes nothing
    expect(JSON.stringify(after)).not.toContain(changed.id);
    expect(Date.parse(after.asOf)).toBeGreaterThanOrEqual(Date.parse(before.asOf));
  });

  it('when asked since after the change, then it is not listed; since long ago, then it is', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    await changePassword(app, user);
    const later = new Date(Date.now() + 1_000).toISOString();
    const longAgo = new Date(Date.now() - 24 * 3600_000).toISOString();

    const sinceLater = await revocations(app, later);
    const sinceLongAgo = await revocations(app, longAgo);

    const hash = subjectHashOf(user.id);
    expect(sinceLater.revocations.map((revocation) => revocation.subjectHash)).not.toContain(hash);
    expect(sinceLongAgo.revocations.map((revocation) => revocation.subjectHash)).toContain(hash);
  });

  it('when since is not a timestamp, then 400 problem+json', async () => {
    const { app } = await startAccountService();
    const response = await app.inject({ method: 'GET', url: `${URL}?since=yesterday` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('POST /api/v1/auth/logout-all', () => {
  it('when a user logs out everywhere, then its access and refresh tokens are refused and the list names it', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const before = await revocations(app);

    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/auth/logout-all' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: bearer(user.accessToken),
    });

    expect(anonymous.statusCode).toBe(401);
    expect(response.statusCode).toBe(204);
    expect((await getMe(app, user.accessToken)).statusCode).toBe(401);
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: user.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
    expect((await revocations(app, before.asOf)).revocations).toContainEqual({
      subjectHash: subjectHashOf(user.id),
      tokenVersion: 2,
    });
  });
});
