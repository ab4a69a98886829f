import { describe, expect, it } from 'vitest';
import { createOrder } from '../../src/domain/create-order.js';
import {
  ABANDONED_AFTER_MS,
  judgeEarlierClaim,
  requestFingerprint,
} from '../../src/domain/idempotency.js';
import { anOrder, clock, customer, memoryDeps, T0 } from './memory/fixtures.js';

const claim = (overrides = {}) => ({
  orderId: crypto.randomUUID(),
  requestHash: requestFingerprint({ items: [] }),
  claimedAt: T0,
  ...overrides,
});

describe('the Idempotency-Key rule', () => {
  const hash = requestFingerprint({ items: [] });

  it('when the key was used with another body, then 422 idempotency-key-reused', () => {
    const earlier = judgeEarlierClaim(claim({ requestHash: 'other' }), hash, anOrder(), T0);
    expect(earlier).toMatchObject({
      verdict: 'refuse',
      error: { status: 422, code: 'idempotency-key-reused' },
    });
  });

  it('when the first request created its order, then that order is replayed', () => {
    const order = anOrder();
    expect(judgeEarlierClaim(claim(), hash, order, T0)).toEqual({ verdict: 'replay', order });
  });

  it('when the first request has no order yet, then 409 request-in-progress until it must have died', () => {
    const soon = new Date(T0.getTime() + ABANDONED_AFTER_MS);
    const late = new Date(T0.getTime() + ABANDONED_AFTER_MS + 1);
    expect(judgeEarlierClaim(claim(), hash, null, soon)).toMatchObject({
      verdict: 'refuse',
      error: { status: 409, code: 'request-in-progress' },
    });
    expect(judgeEarlierClaim(claim(), hash, null, late)).toEqual({ verdict: 'take-over' });
  });

  it('when the same body is fingerprinted twice, then the fingerprints are equal; another body differs', () => {
    expect(requestFingerprint({ items: [{ itemId: 'a', quantity: 1 }] })).toBe(
      requestFingerprint({ items: [{ itemId: 'a', quantity: 1 }] }),
    );
    expect(requestFingerprint({ items: [{ itemId: 'a', quantity: 2 }] })).not.toBe(
      requestFingerprint({ items: [{ itemId: 'a', quantity: 1 }] }),
    );
  });
});

describe('creating an order with an Idempotency-Key', () => {
  const setup = () => {
    const now = clock();
    const memory = memoryDeps(now);
    const lamp = memory.inventory.addItem({ stock: 10 });
    return { ...memory, now, lamp, buyer: customer() };
  };

  it('when the same key and body are retried, then the first order is replayed and held once', async () => {
    const { deps, inventory, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 1 }] };

    const first = await createOrder(deps, buyer, body, 'key-1');
    const retry = await createOrder(deps, buyer, body, 'key-1');

    expect(retry).toEqual(first);
    expect(inventory.holds.size).toBe(1);
    expect(inventory.reserved(lamp)).toBe(1);
  });

  it('when the key is reused with another body, then 422 and nothing else is held', async () => {
    const { deps, inventory, lamp, buyer } = setup();
    await createOrder(deps, buyer, { items: [{ itemId: lamp, quantity: 1 }] }, 'key-1');

    await expect(
      createOrder(deps, buyer, { items: [{ itemId: lamp, quantity: 2 }] }, 'key-1'),
    ).rejects.toMatchObject({ status: 422 });
    expect(inventory.reserved(lamp)).toBe(1);
  });

  it('when another customer uses the same key, then it is theirs: a new order', async () => {
    const { deps, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 1 }] };
    const mine = await createOrder(deps, buyer, body, 'key-1');

    const theirs = await createOrder(deps, customer(), body, 'key-1');

    expect(theirs.id).not.toBe(mine.id);
  });

  it('when the first request is still running, then 409; once it has died, a retry takes the key over', async () => {
    const { deps, idempotency, now, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 1 }] };
    // A request that claimed the key and then died before writing its order.
    await idempotency.claim(buyer.id, 'key-1', requestFingerprint(body), crypto.randomUUID());

    await expect(createOrder(deps, buyer, body, 'key-1')).rejects.toMatchObject({
      status: 409,
      code: 'request-in-progress',
    });
    now.advance(ABANDONED_AFTER_MS + 1);
    const order = await createOrder(deps, buyer, body, 'key-1');

    expect(order.status).toBe('PENDING_PAYMENT');
    expect(idempotency.claims.get(`${buyer.id}/key-1`)?.orderId).toBe(order.id);
    expect(await createOrder(deps, buyer, body, 'key-1')).toEqual(order);
  });

  it('when two retries take over a dead request at once, then one wins and the other is told to wait', async () => {
    const { deps, idempotency, now, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 1 }] };
    const dead = crypto.randomUUID();
    await idempotency.claim(buyer.id, 'key-1', requestFingerprint(body), dead);
    now.advance(ABANDONED_AFTER_MS + 1);
    // The other retry takes the key between this one's claim and its take-over.
    const claimOf = idempotency.claim.bind(idempotency);
    idempotency.claim = async (...args) => {
      const found = await claimOf(...args);
      await idempotency.takeOver(buyer.id, 'key-1', dead, crypto.randomUUID());
      return found;
    };

    await expect(createOrder(deps, buyer, body, 'key-1')).rejects.toMatchObject({
      status: 409,
      code: 'request-in-progress',
    });
  });

  it('when the request fails, then its key is freed and a retry goes ahead', async () => {
    const { deps, idempotency, inventory, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 11 }] };

    await expect(createOrder(deps, buyer, body, 'key-1')).rejects.toMatchObject({ status: 409 });
    expect(idempotency.claims.size).toBe(0);
    const item = inventory.items.get(lamp);
    if (item) item.stock = 20;

    expect((await createOrder(deps, buyer, body, 'key-1')).status).toBe('PENDING_PAYMENT');
  });
});
