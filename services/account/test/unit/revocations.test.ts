import type { Caller } from '@shop/platform/caller';
import { describe, expect, it } from 'vitest';
import { registerAccount, updateAccount } from '../../src/domain/accounts.js';
import { logoutEverywhere, revocationsSince } from '../../src/domain/revocations.js';
import { accountWorld } from './in-memory.js';

const PASSWORD = 'a password 123';

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

describe('revocationsSince', () => {
  it('when a revocation is older than one access-token lifetime, then it is listed no more, whatever since asks', async () => {
    const world = accountWorld();
    const deps = { ...world.accountDeps, accessTtlSeconds: 900 };
    const id = await revokedAccount(world);

    world.advance(900);
    const stillLive = await revocationsSince(deps, '2000-01-01T00:00:00.000Z');
    world.advance(1);
    const expired = await revocationsSince(deps, '2000-01-01T00:00:00.000Z');

    expect(stillLive.revoked).toEqual([{ id, tokenVersion: 2 }]);
    expect(expired.revoked).toEqual([]);
  });

  it('when since is after the revocation, then it is not listed again; without since, then it is', async () => {
    const world = accountWorld();
    const deps = { ...world.accountDeps, accessTtlSeconds: 900 };
    const id = await revokedAccount(world);
    world.advance(10);

    const all = await revocationsSince(deps, undefined);
    const later = await revocationsSince(deps, all.asOf.toISOString());

    expect(all.revoked).toEqual([{ id, tokenVersion: 2 }]);
    expect(later.revoked).toEqual([]);
  });
});

describe('logoutEverywhere', () => {
  it('when a user logs out everywhere, then the version moves on, the list names the account and every refresh token is revoked', async () => {
    const world = accountWorld();
    const deps = { ...world.accountDeps, accessTtlSeconds: 900 };
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
    expect((await revocationsSince(deps, undefined)).revoked).toEqual([{ id, tokenVersion: 2 }]);
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
