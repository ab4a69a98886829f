import type { Caller } from '@shop/platform/caller';
import { describe, expect, it } from 'vitest';
import { registerAccount, updateAccount } from '../../src/domain/accounts.js';
import { revocationsSince } from '../../src/domain/revocations.js';
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
