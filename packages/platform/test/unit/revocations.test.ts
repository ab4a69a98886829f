import type { TokenRevocations } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { revocationList, subjectHashOf } from '../../src/auth/revocations.js';
import type { Caller } from '../../src/caller.js';

/** account-service's revocation list as a fake: what it answers, what it was asked, or down. */
const fakeAccountService = () => {
  const fake = {
    revoked: new Map<string, number>(),
    down: false,
    asked: [] as (string | undefined)[],
    source: async (since: string | undefined): Promise<TokenRevocations> => {
      fake.asked.push(since);
      if (fake.down) throw new Error('connect ECONNREFUSED');
      return {
        asOf: new Date(time.now).toISOString(),
        revocations: [...fake.revoked].map(([id, tokenVersion]) => ({
          subjectHash: subjectHashOf(id),
          tokenVersion,
        })),
      };
    },
  };
  return fake;
};
const time = { now: Date.parse('2026-12-01T10:00:00Z') };

const customer = (id: string, tokenVersion: number): Caller => ({
  id,
  role: 'CUSTOMER',
  tokenVersion,
});

describe('revocationList', () => {
  it('when an account’s tokens were revoked, then a token with an older ver is refused and a newer one accepted', async () => {
    const accounts = fakeAccountService();
    const list = revocationList({ source: accounts.source, now: () => time.now });
    const [alice, bob] = [crypto.randomUUID(), crypto.randomUUID()];
    accounts.revoked.set(alice, 3);

    await list.sync();

    expect(await list.isRevoked(customer(alice, 2))).toBe(true);
    expect(await list.isRevoked(customer(alice, 3))).toBe(false);
    expect(await list.isRevoked(customer(bob, 1))).toBe(false);
    expect(await list.isRevoked({ id: alice, role: 'SERVICE', tokenVersion: 0 })).toBe(false);
  });

  it('when it reads again, then it asks from shortly before the previous answer', async () => {
    const accounts = fakeAccountService();
    const list = revocationList({
      source: accounts.source,
      overlapMs: 30_000,
      now: () => time.now,
    });

    await list.sync();
    await list.sync();

    expect(accounts.asked).toEqual([undefined, new Date(time.now - 30_000).toISOString()]);
  });

  it('when account-service is down, then revocations already read are still enforced and the failure is told once', async () => {
    const accounts = fakeAccountService();
    const failures: unknown[] = [];
    let recoveries = 0;
    const list = revocationList({
      source: accounts.source,
      now: () => time.now,
      onFailure: (error) => failures.push(error),
      onRecovery: () => {
        recoveries += 1;
      },
    });
    const alice = crypto.randomUUID();
    accounts.revoked.set(alice, 2);
    await list.sync();

    accounts.down = true;
    await list.sync();
    await list.sync();
    const refusedWhileDown = await list.isRevoked(customer(alice, 1));
    accounts.down = false;
    await list.sync();

    expect(refusedWhileDown).toBe(true);
    expect(failures).toHaveLength(1);
    expect(recoveries).toBe(1);
  });

  it('when a revocation is older than every token it could revoke, then it is forgotten', async () => {
    const accounts = fakeAccountService();
    const list = revocationList({
      source: accounts.source,
      retentionMs: 16 * 60_000,
      now: () => time.now,
    });
    const alice = crypto.randomUUID();
    accounts.revoked.set(alice, 2);
    await list.sync();
    accounts.revoked.clear(); // account-service lists it no more

    time.now += 16 * 60_000 + 1;
    await list.sync();

    expect(await list.isRevoked(customer(alice, 1))).toBe(false);
  });

  it('when several reads are asked at once, then one request goes out', async () => {
    const accounts = fakeAccountService();
    const list = revocationList({ source: accounts.source, now: () => time.now });

    await Promise.all([list.sync(), list.sync(), list.sync()]);

    expect(accounts.asked).toHaveLength(1);
  });

  it('when account-service answers at once with an unchanged list, then the list asks at most once per interval, naming the fingerprint it holds', async () => {
    const asked: ({ wait: number; ifChanged: string } | undefined)[] = [];
    const list = revocationList({
      pollIntervalMs: 100,
      source: async (_since, longPoll) => {
        asked.push(longPoll && { wait: longPoll.wait, ifChanged: longPoll.ifChanged });
        return { asOf: new Date().toISOString(), revocations: [], fingerprint: 'same' };
      },
    });

    list.start();
    await new Promise((resolve) => setTimeout(resolve, 450));
    list.stop();

    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked.length).toBeLessThanOrEqual(6);
    expect(asked[0]).toBeUndefined();
    expect(asked.slice(1)).toEqual(asked.slice(1).map(() => ({ wait: 25, ifChanged: 'same' })));
  });

  it('when a held read brings a changed list, then the list asks again soon (not after the interval); stop abandons the read in flight', async () => {
    let version = 0;
    let abandoned = false;
    const list = revocationList({
      pollIntervalMs: 60_000,
      source: async (_since, longPoll) => {
        version += 1;
        if (version > 3)
          await new Promise<void>((resolve) =>
            longPoll?.signal.addEventListener('abort', () => {
              abandoned = true;
              resolve();
            }),
          );
        return { asOf: new Date().toISOString(), revocations: [], fingerprint: `v${version}` };
      },
    });

    list.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    list.stop();
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(version).toBe(4);
    expect(abandoned).toBe(true);
  });

  it('when account-service sends no fingerprint (it does not hold reads), then the list polls at the interval instead of asking again at once', async () => {
    let asked = 0;
    const list = revocationList({
      pollIntervalMs: 100,
      source: async () => {
        asked += 1;
        return { asOf: new Date().toISOString(), revocations: [] };
      },
    });

    list.start();
    await new Promise((resolve) => setTimeout(resolve, 450));
    list.stop();

    expect(asked).toBeGreaterThanOrEqual(3);
    expect(asked).toBeLessThanOrEqual(6);
  });
});
