import { createEvent } from '@shop/contracts';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HoldDocument } from '../src/data/documents.js';
import { createHoldRepository } from '../src/data/hold-repository.js';
import { prepareItemDb } from '../src/data/indexes.js';
import { createItemRepository } from '../src/data/item-repository.js';
import { storeContract } from './contract/store-contract.js';

// The repositories over a scratch database of the MongoDB engine, without the app around them.
let mongo: MongoClient;
let db: Db;
let collections: Awaited<ReturnType<typeof prepareItemDb>>;
const signals = { written: [] as unknown[], wakes: 0 };

beforeAll(async () => {
  mongo = new MongoClient(process.env.MONGO_URL ?? '');
  await mongo.connect();
  db = mongo.db(`itemdb_test_${crypto.randomUUID().slice(0, 8)}`);
  collections = await prepareItemDb(db);
});
afterAll(async () => {
  await db?.dropDatabase();
  await mongo?.close();
});

const repositories = () => ({
  items: createItemRepository(collections.items),
  holds: createHoldRepository(collections.holds, {
    written: (orderId) => signals.written.push(orderId),
    wake: () => {
      signals.wakes += 1;
    },
  }),
});

storeContract('MongoDB repositories', () => ({
  ...repositories(),
  outboxOf: async (orderId) =>
    ((await collections.holds.findOne({ _id: orderId })) as HoldDocument | null)?.outbox.map(
      (entry) => entry.eventId,
    ) ?? [],
}));

describe('MongoDB repositories: legacy documents and the outbox relay', () => {
  it('when a reservation was written before generations existed, then it counts as generation 0', async () => {
    const { items } = repositories();
    const orderId = crypto.randomUUID();
    const itemId = crypto.randomUUID();
    const now = new Date();
    await collections.items.insertOne({
      _id: itemId,
      upc: `${Date.now()}`.slice(-12).padStart(12, '0'),
      name: 'Legacy',
      description: '',
      unitPrice: 100,
      currency: 'USD',
      pictures: [],
      category: 'audio',
      attributes: {},
      keywords: ['legacy'],
      inventory: { onHand: 5, reserved: 2, available: 3 },
      ledger: { initial: 5, adjusted: 0, committed: 0, restocked: 0 },
      reservations: { [orderId]: { quantity: 2, at: now } },
      restocks: {},
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });

    expect(await items.reservationOf(itemId, orderId)).toEqual({ quantity: 2, generation: 0 });
    expect(
      await items.takeIf(itemId, orderId, { quantity: 2, generation: 1 }, 'release', now),
    ).toBe(false);
    expect(
      await items.takeIf(itemId, orderId, { quantity: 2, generation: 0 }, 'release', now),
    ).toBe(true);
    expect((await items.findById(itemId))?.inventory).toEqual({
      onHand: 5,
      reserved: 0,
      available: 5,
    });
  });

  it('when a hold write stores events, then the relay is hinted at that hold and woken; a write without events or a lost guard wakes nothing', async () => {
    const { holds } = repositories();
    const orderId = crypto.randomUUID();
    const now = new Date();
    const event = createEvent('InventoryCommitFailed', {
      orderId,
      source: 'item-service',
      data: { reason: 'no_hold', shortLines: [] },
    });
    const before = { written: signals.written.length, wakes: signals.wakes };
    const tombstone = {
      orderId,
      status: 'FAILED' as const,
      lines: [],
      previousLines: null,
      releaseReason: null,
      commitAfterHold: false,
      generation: 0,
      handledEvents: [],
      expiresAt: now,
      createdAt: now,
      updatedAt: now,
    };

    expect(await holds.insert(tombstone, [event])).toBe(true);
    expect(await holds.insert(tombstone, [event])).toBe(false);
    expect(
      await holds.transition(orderId, 'HELD', { to: 'COMMITTING', events: [event] }, now),
    ).toBe(false);
    expect(await holds.appendEvents(orderId, [], crypto.randomUUID(), now)).toBe(true);

    expect(signals.written.slice(before.written)).toEqual([orderId]);
    expect(signals.wakes - before.wakes).toBe(1);
  });

  it('when holds are written, then the sweeper is told when each falls due: just after its expiry, and just after it would count as stuck in an intermediate state; a lost guard tells nothing', async () => {
    const dueTimes: number[] = [];
    const stuckAfterMs = 60_000;
    const holds = createHoldRepository(
      collections.holds,
      { written: () => undefined, wake: () => undefined },
      { dueAt: (at) => dueTimes.push(at.getTime()), stuckAfterMs },
    );
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 900_000);
    const hold = {
      orderId: crypto.randomUUID(),
      status: 'PENDING' as const,
      lines: [],
      previousLines: null,
      releaseReason: null,
      commitAfterHold: false,
      generation: 0,
      handledEvents: [],
      expiresAt,
      createdAt: now,
      updatedAt: now,
    };

    expect(await holds.insert(hold)).toBe(true);
    expect(dueTimes.sort()).toEqual([now.getTime() + stuckAfterMs + 1, expiresAt.getTime() + 1]);

    const later = new Date(now.getTime() + 1_000);
    const extended = new Date(expiresAt.getTime() + 600_000);
    dueTimes.length = 0;
    expect(
      await holds.transition(
        hold.orderId,
        'PENDING',
        { to: 'HELD', set: { expiresAt: extended } },
        later,
      ),
    ).toBe(true);
    expect(dueTimes).toEqual([extended.getTime() + 1]);

    dueTimes.length = 0;
    expect(await holds.transition(hold.orderId, 'PENDING', { to: 'HELD' }, later)).toBe(false);
    expect(dueTimes).toEqual([]);
  });
});
