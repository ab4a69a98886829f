import type { Caller } from '@shop/platform/caller';
import { describe, expect, it } from 'vitest';
import { registerAccount, updateAccount } from '../../src/domain/accounts.js';
import {
  fingerprintOf,
  revocationFeed,
  wakingOnRevocation,
} from '../../src/domain/revocation-feed.js';
import { logoutEverywhere } from '../../src/domain/revocations.js';
import { accountWorld } from './in-memory.js';

const PASSWORD = 'a password 123';

/** The feed over the world's accounts, whose token-version bumps wake its waiters. */
const feedOf = (world: ReturnType<typeof accountWorld>, checkIntervalMs = 2_000) => {
  const feed = revocationFeed({
    accounts: world.accounts.repository,
    now: world.accountDeps.now,
    accessTtlSeconds: 900,
    checkIntervalMs,
  });
  const accountDeps = {
    ...world.accountDeps,
    accounts: wakingOnRevocation(world.accounts.repository, feed),
  };
  return { feed, accountDeps };
};

const revokedAccount = async (world: ReturnType<typeof accountWorld>) => {
  const email = `u-${crypto.randomUUID()}@test.example`;
  const { id } = await registerAccount(world.accountDeps, {
    email,
    password: PASSWORD,
    name: 'Ann',
  });
  const self: Caller = { id, role: 'CUSTOMER', tokenVersion: 1 };
  await updateAccount(world.accountDeps, self, id, {
    currentPassword: PASSWORD,
    newPassword: 'another password 456',
  });
  return id;
};

describe('the revocation feed', () => {
  it('when a revocation is older than one access-token lifetime, then it is listed no more, whatever since asks', async () => {
    const world = accountWorld();
    const { feed } = feedOf(world);
    const id = await revokedAccount(world);

    world.advance(900);
    const stillLive = await feed.answer({ since: '2000-01-01T00:00:00.000Z' });
    world.advance(1);
    const expired = await feed.answer({ since: '2000-01-01T00:00:00.000Z' });

    expect(stillLive.revoked).toEqual([{ id, tokenVersion: 2 }]);
    expect(expired.revoked).toEqual([]);
  });

  it('when since is after the revocation, then it is not listed again; without since, then it is', async () => {
    const world = accountWorld();
    const { feed } = feedOf(world);
    const id = await revokedAccount(world);
    world.advance(10);

    const all = await feed.answer({});
    const later = await feed.answer({ since: all.asOf.toISOString() });

    expect(all.revoked).toEqual([{ id, tokenVersion: 2 }]);
    expect(later.revoked).toEqual([]);
    expect(later.fingerprint).toBe(all.fingerprint);
  });

  it('when an asker holds the current fingerprint, then it is answered once a revocation is committed, with the new list', async () => {
    const world = accountWorld();
    const { feed, accountDeps } = feedOf(world, 60_000);
    const current = await feed.answer({});

    const waiting = feed.answer({ wait: 20, ifChanged: current.fingerprint });
    const id = (
      await registerAccount(accountDeps, { email: 'w@test.example', password: PASSWORD, name: 'W' })
    ).id;
    await logoutEverywhere(accountDeps, { id, role: 'CUSTOMER', tokenVersion: 1 });
    const answer = await waiting;

    expect(answer.revoked).toEqual([{ id, tokenVersion: 2 }]);
    expect(answer.fingerprint).not.toBe(current.fingerprint);
  });

  it('when another replica revokes (a change this one did not make), then the next check of the store answers the waiter', async () => {
    const world = accountWorld();
    const { feed } = feedOf(world, 50);
    const current = await feed.answer({});

    const waiting = feed.answer({ wait: 20, ifChanged: current.fingerprint });
    const id = await revokedAccount(world);

    expect((await waiting).revoked).toEqual([{ id, tokenVersion: 2 }]);
  });

  it('when nothing changes within the wait, then the answer comes when it runs out, with the same fingerprint', async () => {
    const world = accountWorld();
    const { feed } = feedOf(world, 50);
    const current = await feed.answer({});
    const started = Date.now();

    const answer = await feed.answer({ wait: 1, ifChanged: current.fingerprint });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(answer).toMatchObject({ fingerprint: current.fingerprint, revoked: [] });
  });

  it('when the service shuts down, then every waiter is answered at once', async () => {
    const world = accountWorld();
    const { feed } = feedOf(world, 60_000);
    const current = await feed.answer({});
    const started = Date.now();

    const waiting = feed.answer({ wait: 30, ifChanged: current.fingerprint });
    feed.close();

    expect((await waiting).fingerprint).toBe(current.fingerprint);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('when the same revocations come in another order, then the fingerprint is the same', () => {
    const [a, b] = [
      { id: crypto.randomUUID(), tokenVersion: 2 },
      { id: crypto.randomUUID(), tokenVersion: 3 },
    ];
    expect(fingerprintOf([a, b])).toBe(fingerprintOf([b, a]));
    expect(fingerprintOf([a, b])).not.toBe(fingerprintOf([a, { ...b, tokenVersion: 4 }]));
  });
});

describe('logoutEverywhere', () => {
  it('when a user logs out everywhere, then the version moves on, the list names the account and every refresh token is revoked', async () => {
    const world = accountWorld();
    const { feed } = feedOf(world);
    const email = `u-${crypto.randomUUID()}@test.example`;
    const { id } = await registerAccount(world.accountDeps, {
      email,
      password: PASSWORD,
      name: 'Ann',
    });
    await world.refreshTokens.repository.insert(
      {
        tokenHash: 'h'.repeat(64),
        familyId: crypto.randomUUID(),
        accountId: id,
        expiresAt: new Date('2031-01-01'),
      },
      new Date('2030-01-01'),
    );

    await logoutEverywhere(world.accountDeps, { id, role: 'CUSTOMER', tokenVersion: 1 });

    expect(world.accounts.rows.get(id)?.tokenVersion).toBe(2);
    expect((await feed.answer({})).revoked).toEqual([{ id, tokenVersion: 2 }]);
    expect(world.refreshTokens.rows.get('h'.repeat(64))?.status).toBe('REVOKED');
  });

  it('when a SERVICE token or an unknown account asks, then 404 and nothing changes', async () => {
    const world = accountWorld();

    await expect(
      logoutEverywhere(world.accountDeps, {
        id: 'order-service',
        role: 'SERVICE',
        tokenVersion: 0,
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      logoutEverywhere(world.accountDeps, {
        id: crypto.randomUUID(),
        role: 'CUSTOMER',
        tokenVersion: 1,
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(world.accounts.rows.size).toBe(0);
  });
});
