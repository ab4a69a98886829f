import { describe, expect, it } from 'vitest';
import { isAccessRevoked, registerAccount, updateAccount } from '../../src/domain/accounts.js';
import { hashRefreshToken } from '../../src/domain/refresh-tokens.js';
import { issueServiceToken, login, logout, refresh } from '../../src/domain/sessions.js';
import { accountWorld, claimsOf } from './in-memory.js';

const PASSWORD = 'correct horse battery';

const registered = async (world: ReturnType<typeof accountWorld>) => {
  const email = `user-${crypto.randomUUID()}@test.example`;
  const account = await registerAccount(world.accountDeps, {
    email,
    password: PASSWORD,
    name: 'Test User',
  });
  return { ...account, email };
};

const loginAs = async (
  world: ReturnType<typeof accountWorld>,
  email: string,
  password = PASSWORD,
  address = '10.0.0.1',
) => await login(world.sessionDeps, { email, password }, address);

describe('login', () => {
  it('when the password is right, then an access token with the account, role and token version, and a refresh token', async () => {
    const world = accountWorld();
    const account = await registered(world);

    const pair = await loginAs(world, account.email.toUpperCase());

    expect(claimsOf(pair.accessToken)).toEqual({
      subject: account.id,
      role: 'CUSTOMER',
      tokenVersion: 1,
      ttlSeconds: 900,
    });
    expect(world.refreshTokens.rows.get(hashRefreshToken(pair.refreshToken))).toMatchObject({
      accountId: account.id,
      status: 'ACTIVE',
    });
  });

  it('when the email is unknown, then the same 401 as a wrong password, after a dummy hash check', async () => {
    const world = accountWorld();
    const account = await registered(world);

    const unknown = await loginAs(world, 'nobody@test.example').catch((error: Error) => error);
    const wrong = await loginAs(world, account.email, 'wrong password').catch(
      (error: Error) => error,
    );

    expect(unknown).toMatchObject({ status: 401, message: 'Email or password is incorrect' });
    expect(wrong).toMatchObject({ status: 401, message: 'Email or password is incorrect' });
    expect(world.hashing.state.dummyChecks).toBe(1);
  });

  it('when one account keeps failing, then it is blocked with 429 and Retry-After, even for the right password, until the lockout passes', async () => {
    const world = accountWorld();
    const account = await registered(world);
    for (let attempt = 0; attempt < 3; attempt += 1)
      await loginAs(world, account.email, 'wrong').catch(() => undefined);

    await expect(loginAs(world, account.email)).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 300,
    });
    world.advance(300);
    await expect(loginAs(world, account.email)).resolves.toHaveProperty('accessToken');
  });

  it('when one address fails across many accounts, then the address is blocked for every account', async () => {
    const world = accountWorld();
    const victim = await registered(world);
    for (let attempt = 0; attempt < 5; attempt += 1)
      await loginAs(world, `guess-${attempt}@test.example`, 'x', '10.9.9.9').catch(() => undefined);

    await expect(loginAs(world, victim.email, PASSWORD, '10.9.9.9')).rejects.toMatchObject({
      status: 429,
    });
    await expect(loginAs(world, victim.email, PASSWORD, '10.1.1.1')).resolves.toHaveProperty(
      'accessToken',
    );
  });

  it('when a login succeeds after failures, then the account counter starts again but the address keeps its failures', async () => {
    const world = accountWorld();
    const account = await registered(world);
    for (let attempt = 0; attempt < 2; attempt += 1)
      await loginAs(world, account.email, 'wrong').catch(() => undefined);

    await loginAs(world, account.email);

    expect(world.loginAttempts.rows.has(`account:${account.id}`)).toBe(false);
    expect([...world.loginAttempts.rows.values()]).toEqual([
      expect.objectContaining({ attempts: 2 }),
    ]);
  });

  it('when logins fail, then no counter is named by an email or an address, only by account id or keyed hash', async () => {
    const world = accountWorld();
    const account = await registered(world);

    await loginAs(world, account.email, 'wrong', '10.7.7.7').catch(() => undefined);
    await loginAs(world, 'Nobody@Test.example', 'wrong', '10.7.7.7').catch(() => undefined);
    await loginAs(world, ' nobody@test.example', 'wrong', '10.8.8.8').catch(() => undefined);

    const subjects = [...world.loginAttempts.rows.keys()];
    expect(subjects).toHaveLength(4);
    expect(subjects).toContain(`account:${account.id}`);
    for (const subject of subjects) expect(subject).not.toMatch(/@|10\.[78]\.|nobody/i);
    const emailCounters = subjects.filter((subject) => /^email:[0-9a-f]{64}$/.test(subject));
    expect(emailCounters).toHaveLength(1);
    expect(world.loginAttempts.rows.get(emailCounters[0] ?? '')).toMatchObject({ attempts: 2 });
  });

  it('when wrong passwords for one account arrive all at once, then only the limit of them reach the hasher', async () => {
    const world = accountWorld();
    const account = await registered(world);
    let checks = 0;
    world.sessionDeps.hasher = {
      ...world.sessionDeps.hasher,
      verify: async () => {
        checks += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return false;
      },
    };

    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        loginAs(world, account.email, 'wrong', `10.0.1.${index}`).catch(
          (error: { status: number }) => error.status,
        ),
      ),
    );

    expect(checks).toBe(3);
    expect(outcomes.filter((status) => status === 401)).toHaveLength(3);
    expect(outcomes.filter((status) => status === 429)).toHaveLength(9);
  });

  it('when an account is blocked, then attempts at it cost its client address nothing', async () => {
    const world = accountWorld();
    const account = await registered(world);
    for (let attempt = 0; attempt < 3; attempt += 1)
      await loginAs(world, account.email, 'wrong', `10.2.0.${attempt}`).catch(() => undefined);

    for (let attempt = 0; attempt < 6; attempt += 1)
      await expect(loginAs(world, account.email, 'wrong', '10.3.3.3')).rejects.toMatchObject({
        status: 429,
      });

    const other = await registered(world);
    await expect(loginAs(world, other.email, PASSWORD, '10.3.3.3')).resolves.toHaveProperty(
      'accessToken',
    );
  });
});

describe('refresh tokens', () => {
  it('when a refresh token is used, then a new pair comes back and the old token is spent', async () => {
    const world = accountWorld();
    const account = await registered(world);
    const first = await loginAs(world, account.email);

    const second = await refresh(world.sessionDeps, first.refreshToken);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(claimsOf(second.accessToken).subject).toBe(account.id);
    expect(world.refreshTokens.rows.get(hashRefreshToken(first.refreshToken))?.status).toBe(
      'ROTATED',
    );
  });

  it('when a rotated token is replayed, then 401 and the whole family is revoked, the successor too', async () => {
    const world = accountWorld();
    const account = await registered(world);
    const first = await loginAs(world, account.email);
    const second = await refresh(world.sessionDeps, first.refreshToken);
    const otherSession = await loginAs(world, account.email);

    await expect(refresh(world.sessionDeps, first.refreshToken)).rejects.toMatchObject({
      status: 401,
    });
    await expect(refresh(world.sessionDeps, second.refreshToken)).rejects.toMatchObject({
      status: 401,
    });
    await expect(refresh(world.sessionDeps, otherSession.refreshToken)).resolves.toHaveProperty(
      'accessToken',
    );
  });

  it('when two refreshes race with one token, then exactly one succeeds', async () => {
    const world = accountWorld();
    const account = await registered(world);
    const { refreshToken } = await loginAs(world, account.email);

    const outcomes = await Promise.allSettled([
      refresh(world.sessionDeps, refreshToken),
      refresh(world.sessionDeps, refreshToken),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('when a refresh token expired, is unknown or was logged out, then 401', async () => {
    const world = accountWorld();
    const account = await registered(world);
    const expiring = await loginAs(world, account.email);
    const loggedOut = await loginAs(world, account.email);
    await logout(world.sessionDeps, loggedOut.refreshToken);
    world.advance(3_600);

    for (const token of [expiring.refreshToken, loggedOut.refreshToken, 'not-a-token'])
      await expect(refresh(world.sessionDeps, token)).rejects.toMatchObject({ status: 401 });
  });
});

describe('password change', () => {
  it('when the password changes, then the token version moves on and every refresh token is revoked', async () => {
    const world = accountWorld();
    const account = await registered(world);
    const pair = await loginAs(world, account.email);
    const caller = { id: account.id, role: 'CUSTOMER' as const, tokenVersion: 1 };

    await updateAccount(world.accountDeps, caller, account.id, {
      currentPassword: PASSWORD,
      newPassword: 'a brand new password',
    });

    expect(await isAccessRevoked(world.accounts.repository, caller)).toBe(true);
    await expect(refresh(world.sessionDeps, pair.refreshToken)).rejects.toMatchObject({
      status: 401,
    });
    const again = await loginAs(world, account.email, 'a brand new password');
    expect(claimsOf(again.accessToken).tokenVersion).toBe(2);
  });

  it('when the current password is wrong, then 401 and nothing changes', async () => {
    const world = accountWorld();
    const account = await registered(world);
    const caller = { id: account.id, role: 'CUSTOMER' as const, tokenVersion: 1 };

    await expect(
      updateAccount(world.accountDeps, caller, account.id, {
        currentPassword: 'not it',
        newPassword: 'a brand new password',
      }),
    ).rejects.toMatchObject({ status: 401 });

    expect(world.accounts.rows.get(account.id)).toMatchObject({
      tokenVersion: 1,
      passwordHash: `hashed:${PASSWORD}`,
    });
  });
});

describe('service tokens', () => {
  it('when a configured client asks with its secret, then a short-lived SERVICE token; otherwise the same 401', () => {
    const world = accountWorld();
    const token = issueServiceToken(world.sessionDeps, 'order-service', 'an order-service secret');
    expect(claimsOf(token.accessToken)).toEqual({
      subject: 'order-service',
      role: 'SERVICE',
      tokenVersion: 0,
      ttlSeconds: 300,
    });
    expect(token.expiresIn).toBe(300);
    for (const [clientId, secret] of [
      ['order-service', 'a wrong secret'],
      ['unknown-service', 'an order-service secret'],
    ] as const)
      expect(() => issueServiceToken(world.sessionDeps, clientId, secret)).toThrow(
        'Unknown client or wrong client secret',
      );
  });
});
