import { requestFingerprint } from '@shop/platform/idempotency';
import { describe, expect, it } from 'vitest';
import { createOrder } from '../../src/domain/create-order.js';
import { ABANDONED_AFTER_MS } from '../../src/domain/idempotency.js';
import { clock, customer, memoryDeps } from './memory/fixtures.js';

// The rule itself (replay, 422, 409, take-over) is @shop/platform/idempotency's and tested
// there; these are what it means for placing orders.
const scopeOf = (userId: string) => ({ userId, scope: 'create-order', key: 'key-1' });

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
    await idempotency.claim(scopeOf(buyer.id), {
      requestHash: requestFingerprint(body),
      resourceId: crypto.randomUUID(),
      now: now(),
    });

    await expect(createOrder(deps, buyer, body, 'key-1')).rejects.toMatchObject({
      status: 409,
      code: 'request-in-progress',
    });
    now.advance(ABANDONED_AFTER_MS + 1);
    const order = await createOrder(deps, buyer, body, 'key-1');

    expect(order.status).toBe('PENDING_PAYMENT');
    expect(idempotency.claims.get(`${buyer.id}/create-order/key-1`)?.resourceId).toBe(order.id);
    expect(await createOrder(deps, buyer, body, 'key-1')).toEqual(order);
  });

  it('when the first request died after writing its order, then a retry gets that order, not a second one', async () => {
    const { deps, idempotency, orders, now, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 1 }] };
    const first = await createOrder(deps, buyer, body, 'key-1');
    // As if it died before keeping its answer.
    const claim = idempotency.claims.get(`${buyer.id}/create-order/key-1`);
    if (claim) claim.response = null;
    now.advance(1_000);

    expect(await createOrder(deps, buyer, body, 'key-1')).toEqual(first);
    expect((await orders.listByUser(buyer.id, 10, undefined)).ids).toEqual([first.id]);
  });

  it('when the request is refused (short stock), then its key is freed and a retry goes ahead once stock is back', async () => {
    const { deps, idempotency, inventory, lamp, buyer } = setup();
    const body = { items: [{ itemId: lamp, quantity: 11 }] };

    await expect(createOrder(deps, buyer, body, 'key-1')).rejects.toMatchObject({ status: 409 });
    expect(idempotency.claims.size).toBe(0);
    const item = inventory.items.get(lamp);
    if (item) item.stock = 20;

    expect((await createOrder(deps, buyer, body, 'key-1')).status).toBe('PENDING_PAYMENT');
  });
});
