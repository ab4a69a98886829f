import { ConflictError, NotFoundError, UnavailableError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import { reactToEvent } from '../../src/consumers/saga-events.js';
import { newHold } from '../../src/domain/hold-requests.js';
import {
  getHold,
  InsufficientStockError,
  placeHold,
  releaseHoldOnRequest,
  updateHold,
} from '../../src/domain/holds.js';
import { move } from '../../src/domain/lifecycle.js';
import { paymentSucceeded } from './events.js';
import { beforeNext, halfPlacedHold, world } from './world.js';

describe('placing a hold', () => {
  it('when every line has stock, then the hold is HELD and each item reserves its line for generation 0', async () => {
    const w = world();
    const [a, b] = [await w.addItem(5), await w.addItem(5)];
    const orderId = crypto.randomUUID();

    const hold = await placeHold(w.deps, {
      orderId,
      lines: [
        { itemId: b, quantity: 1 },
        { itemId: a, quantity: 2 },
      ],
    });

    expect(hold).toMatchObject({ status: 'HELD', generation: 0 });
    expect(hold.lines.map((line) => line.itemId)).toEqual([a, b].sort());
    expect(await w.inventory(a)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(w.items.bookkeeping(b).reservations[orderId]).toEqual({ quantity: 1, generation: 0 });
  });

  it('when one line is short, then 409 names it, nothing stays reserved and no hold remains', async () => {
    const w = world();
    const [plenty, scarce] = [await w.addItem(10), await w.addItem(1)];
    const orderId = crypto.randomUUID();

    const failure = await placeHold(w.deps, {
      orderId,
      lines: [
        { itemId: plenty, quantity: 3 },
        { itemId: scarce, quantity: 2 },
      ],
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(InsufficientStockError);
    expect((failure as InsufficientStockError).shortLines).toEqual([
      { itemId: scarce, requested: 2, available: 1 },
    ]);
    expect(await w.inventory(plenty)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await w.holds.find(orderId)).toBeNull();
  });

  it('when the same hold is placed again, then it is answered as it is; other lines are a conflict', async () => {
    const w = world();
    const itemId = await w.addItem(10);
    const orderId = crypto.randomUUID();
    const first = await placeHold(w.deps, { orderId, lines: [{ itemId, quantity: 2 }] });

    const again = await placeHold(w.deps, { orderId, lines: [{ itemId, quantity: 2 }] });
    const other = placeHold(w.deps, { orderId, lines: [{ itemId, quantity: 3 }] });

    expect(again).toEqual(first);
    await expect(other).rejects.toMatchObject({ code: 'hold-exists' });
    expect(await w.inventory(itemId)).toMatchObject({ reserved: 2 });
  });

  it('when a placement died half-way (PENDING, one line reserved), then the retried request finishes it, reserving each line once', async () => {
    const w = world();
    const { a, b, orderId, lines } = await halfPlacedHold(w, 5);

    const hold = await placeHold(w.deps, { orderId, lines });

    expect(hold.status).toBe('HELD');
    expect(await w.inventory(a)).toMatchObject({ reserved: 2 });
    expect(await w.inventory(b)).toMatchObject({ reserved: 2 });
  });

  it('when the sweeper gave up on the PENDING hold while the request reserved, then 503 and the sweeper is left to release it', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = crypto.randomUUID();
    beforeNext(w.items, 'reserveIfFree', async () => {
      await move(w.deps, orderId, {
        from: 'PENDING',
        to: 'RELEASING',
        set: { releaseReason: 'abandoned' },
      });
    });

    await expect(
      placeHold(w.deps, { orderId, lines: [{ itemId, quantity: 1 }] }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(await w.status(orderId)).toBe('RELEASING');
  });

  it('when the hold is being placed again for a late payment, then a repeated placement waits (503) and changes nothing', async () => {
    const w = world();
    const itemId = await w.addItem(5);
    const orderId = crypto.randomUUID();
    const lines = [{ itemId, quantity: 1 }];
    await w.holds.insert({
      ...newHold({ orderId, lines }, w.deps.now(), 60),
      commitAfterHold: true,
      generation: 1,
    });

    await expect(placeHold(w.deps, { orderId, lines })).rejects.toBeInstanceOf(UnavailableError);
    expect(await w.holds.find(orderId)).toMatchObject({ status: 'PENDING', generation: 1 });
    expect(await w.inventory(itemId)).toMatchObject({ reserved: 0 });
  });
});

describe('changing the lines of a hold', () => {
  it('when lines grow, shrink, appear and disappear, then the reservations follow and the hold is HELD again', async () => {
    const w = world();
    const [a, b, c] = [await w.addItem(), await w.addItem(), await w.addItem()];
    const orderId = await w.place([
      { itemId: a, quantity: 2 },
      { itemId: b, quantity: 3 },
    ]);

    const hold = await updateHold(w.deps, orderId, [
      { itemId: c, quantity: 1 },
      { itemId: a, quantity: 4 },
    ]);

    expect(hold.status).toBe('HELD');
    expect(w.holds.pathOf(orderId).slice(-2)).toEqual(['HELD→REHOLDING', 'REHOLDING→HELD']);
    expect((await w.inventory(a))?.reserved).toBe(4);
    expect((await w.inventory(b))?.reserved).toBe(0);
    expect((await w.inventory(c))?.reserved).toBe(1);
    expect((await getHold(w.deps, orderId)).lines).toEqual(
      [
        { itemId: a, quantity: 4 },
        { itemId: c, quantity: 1 },
      ].sort((x, y) => x.itemId.localeCompare(y.itemId)),
    );
  });

  it('when a new line is short, then 409 and the hold keeps its old lines and reservations', async () => {
    const w = world();
    const [a, scarce] = [await w.addItem(), await w.addItem(1)];
    const orderId = await w.place([{ itemId: a, quantity: 2 }]);

    await expect(
      updateHold(w.deps, orderId, [
        { itemId: a, quantity: 5 },
        { itemId: scarce, quantity: 3 },
      ]),
    ).rejects.toBeInstanceOf(InsufficientStockError);

    expect(await w.holds.find(orderId)).toMatchObject({
      status: 'HELD',
      lines: [{ itemId: a, quantity: 2 }],
      previousLines: null,
    });
    expect((await w.inventory(a))?.reserved).toBe(2);
    expect((await w.inventory(scarce))?.reserved).toBe(0);
  });

  it('when a committed hold is asked for the lines it has, then it is answered; other lines are refused (409)', async () => {
    const w = world();
    const itemId = await w.addItem();
    const orderId = await w.place([{ itemId, quantity: 2 }]);
    await reactToEvent(w.deps, paymentSucceeded(orderId));

    expect((await updateHold(w.deps, orderId, [{ itemId, quantity: 2 }])).status).toBe('COMMITTED');
    await expect(updateHold(w.deps, orderId, [{ itemId, quantity: 1 }])).rejects.toMatchObject({
      code: 'hold-not-held',
    });
  });
});

describe('releasing a hold on request', () => {
  it('when a HELD hold is released, then RELEASED with InventoryReleased(released); again changes nothing', async () => {
    const w = world();
    const itemId = await w.addItem(3);
    const orderId = await w.place([{ itemId, quantity: 3 }]);

    expect((await releaseHoldOnRequest(w.deps, orderId)).status).toBe('RELEASED');
    expect((await releaseHoldOnRequest(w.deps, orderId)).status).toBe('RELEASED');

    expect(await w.inventory(itemId)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(w.holds.outbox(orderId).map((event) => event.data)).toEqual([
      { reason: 'released', from: 'HELD', lines: [{ itemId, quantity: 3 }] },
    ]);
  });

  it('when the hold is COMMITTED, then 409 (cancel the order instead); when unknown or a tombstone, then 404', async () => {
    const w = world();
    const itemId = await w.addItem();
    const orderId = await w.place([{ itemId, quantity: 1 }]);
    await reactToEvent(w.deps, paymentSucceeded(orderId));
    const noHold = crypto.randomUUID();
    await reactToEvent(w.deps, paymentSucceeded(noHold));

    await expect(releaseHoldOnRequest(w.deps, orderId)).rejects.toBeInstanceOf(ConflictError);
    await expect(releaseHoldOnRequest(w.deps, noHold)).rejects.toBeInstanceOf(NotFoundError);
    await expect(releaseHoldOnRequest(w.deps, crypto.randomUUID())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await w.status(orderId)).toBe('COMMITTED');
  });
});
