import { DomainError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import { addItem, clearCart, removeItem, setQuantity, viewCart } from '../../src/domain/cart.js';
import { cartWorld } from './in-memory.js';

const userId = () => crypto.randomUUID();

describe('cart flows over in-memory ports', () => {
  it('when items are added, then the cart keeps the lines, bumps its version and shows live prices', async () => {
    const world = cartWorld();
    const user = userId();
    const lamp = world.catalog.add({ unitPrice: 3_500 });
    const chair = world.catalog.add({ unitPrice: 12_000 });

    await addItem(world.deps, user, { itemId: lamp.id, quantity: 2 });
    world.tick();
    await addItem(world.deps, user, { itemId: chair.id, quantity: 1 });
    const cart = await addItem(world.deps, user, { itemId: lamp.id, quantity: 1 });

    expect(cart.items.map((line) => [line.itemId, line.quantity])).toEqual([
      [lamp.id, 3],
      [chair.id, 1],
    ]);
    expect(cart).toMatchObject({
      subtotal: 3 * 3_500 + 12_000,
      version: 3,
      readyForCheckout: true,
    });
    expect(await viewCart(world.deps, user)).toEqual(cart);
  });

  it('when a rule refuses a change, then the stored cart and its version stay as they were', async () => {
    const world = cartWorld();
    const user = userId();
    const item = world.catalog.add({ available: 3 });
    await addItem(world.deps, user, { itemId: item.id, quantity: 2 });
    const before = await world.deps.carts.find(user);

    await expect(addItem(world.deps, user, { itemId: item.id, quantity: 2 })).rejects.toMatchObject(
      {
        code: 'insufficient-stock',
      },
    );
    await expect(
      addItem(world.deps, user, { itemId: crypto.randomUUID(), quantity: 1 }),
    ).rejects.toMatchObject({ code: 'unknown-item', status: 422 });

    expect(await world.deps.carts.find(user)).toEqual(before);
  });

  it('when a quantity is set or a line removed that is not in the cart, then 404 and the catalog is not asked', async () => {
    const world = cartWorld();
    const user = userId();
    const missing = world.catalog.add();

    for (const attempt of [
      setQuantity(world.deps, user, missing.id, 1),
      removeItem(world.deps, user, missing.id),
    ])
      await expect(attempt).rejects.toMatchObject({ status: 404 });
    expect(world.catalog.state.asked).toEqual([]);
    expect((await world.deps.carts.find(user)).version).toBe(0);
  });

  it('when a quantity is set, a line removed and the cart cleared, then only that changes each time', async () => {
    const world = cartWorld();
    const user = userId();
    const [lamp, chair] = [world.catalog.add(), world.catalog.add()];
    await addItem(world.deps, user, { itemId: lamp.id, quantity: 1 });
    world.tick();
    await addItem(world.deps, user, { itemId: chair.id, quantity: 1 });

    const set = await setQuantity(world.deps, user, lamp.id, 5);
    expect(set.items.map((line) => line.quantity)).toEqual([5, 1]);
    const removed = await removeItem(world.deps, user, chair.id);
    expect(removed.items.map((line) => line.itemId)).toEqual([lamp.id]);
    await clearCart(world.deps, user);

    expect(await world.deps.carts.find(user)).toMatchObject({ lines: [], version: 5 });
  });

  it('when the catalog is unreachable, then the cart is still shown (UNKNOWN) but nothing can be added', async () => {
    const world = cartWorld();
    const user = userId();
    const item = world.catalog.add();
    await addItem(world.deps, user, { itemId: item.id, quantity: 2 });
    world.catalog.state.reachable = false;

    const cart = await viewCart(world.deps, user);
    expect(cart.items).toMatchObject([{ itemId: item.id, quantity: 2, status: 'UNKNOWN' }]);
    const refused = await addItem(world.deps, user, { itemId: item.id, quantity: 1 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ status: 503 });
  });
});
