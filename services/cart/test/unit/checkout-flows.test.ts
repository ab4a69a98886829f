import { createEvent, type EventType } from '@shop/contracts';
import { UnprocessableError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import { CART_REACTIONS, cartSagaHandler } from '../../src/consumers/saga-events.js';
import { addItem, setQuantity } from '../../src/domain/cart.js';
import { checkout } from '../../src/domain/checkout.js';
import { cartWorld } from './in-memory.js';

const newCustomer = () => {
  const id = crypto.randomUUID();
  return { id, credentials: `Bearer token-of-${id}` };
};

const completed = (orderId: string, userId: string) =>
  createEvent('OrderCompleted', { orderId, source: 'order-service', data: { userId } });

/** Delivers an event to the consumer's handler, as Kafka would. */
const deliver = async (world: ReturnType<typeof cartWorld>, event: ReturnType<typeof completed>) =>
  await cartSagaHandler(world.deps)(event, {} as never);

describe('checkout over in-memory ports', () => {
  it('when a cart is checked out, then the order is placed as the customer under the cart-version key and recorded, the cart untouched', async () => {
    const world = cartWorld();
    const customer = newCustomer();
    const item = world.catalog.add({ unitPrice: 2_000 });
    await addItem(world.deps, customer.id, { itemId: item.id, quantity: 2 });

    const order = await checkout(world.deps, customer, null);

    expect(world.orders.calls).toEqual([
      {
        credentials: customer.credentials,
        request: { items: [{ itemId: item.id, quantity: 2 }], shippingAddress: undefined },
        idempotencyKey: 'cart-version-1',
      },
    ]);
    expect(world.carts.checkouts.get(order.id)).toMatchObject({
      userId: customer.id,
      cartVersion: 1,
      lines: [{ itemId: item.id, quantity: 2 }],
      completedAt: null,
    });
    expect(await world.deps.carts.find(customer.id)).toMatchObject({
      version: 2,
      lines: [{ itemId: item.id, quantity: 2 }],
    });
  });

  it('when the same cart is checked out twice, then the second call reuses the key and nothing is recorded twice', async () => {
    const world = cartWorld();
    const customer = newCustomer();
    await addItem(world.deps, customer.id, { itemId: world.catalog.add().id, quantity: 1 });

    const [first, second] = await Promise.all([
      checkout(world.deps, customer, null),
      checkout(world.deps, customer, null),
    ]);

    expect(second.id).toBe(first.id);
    expect(world.orders.calls.map((call) => call.idempotencyKey)).toEqual([
      'cart-version-1',
      'cart-version-1',
    ]);
    expect(world.carts.checkouts.size).toBe(1);
    expect((await world.deps.carts.find(customer.id)).version).toBe(2);
  });

  it('when order-service refuses, then the refusal is passed on and nothing is recorded', async () => {
    const world = cartWorld();
    const customer = newCustomer();
    await addItem(world.deps, customer.id, { itemId: world.catalog.add().id, quantity: 1 });
    world.orders.state.refuse = new UnprocessableError('unknown-item', 'gone');

    await expect(checkout(world.deps, customer, null)).rejects.toMatchObject({
      code: 'unknown-item',
    });
    expect(world.carts.checkouts.size).toBe(0);
    expect((await world.deps.carts.find(customer.id)).version).toBe(1);
  });

  it('when the cart is empty, then order-service is not called', async () => {
    const world = cartWorld();
    await expect(checkout(world.deps, newCustomer(), null)).rejects.toMatchObject({
      code: 'cart-empty',
    });
    expect(world.orders.calls).toEqual([]);
  });
});

describe('the reaction table', () => {
  it('when the table is read, then cart-service reacts to OrderCompleted only', () => {
    expect(Object.keys(CART_REACTIONS) as EventType[]).toEqual(['OrderCompleted']);
  });

  it('when OrderCompleted arrives, then the bought units leave the cart, once, whatever the redeliveries', async () => {
    const world = cartWorld();
    const customer = newCustomer();
    const [lamp, chair] = [world.catalog.add(), world.catalog.add()];
    await addItem(world.deps, customer.id, { itemId: lamp.id, quantity: 2 });
    const order = await checkout(world.deps, customer, null);
    await setQuantity(world.deps, customer.id, lamp.id, 3);
    world.tick();
    await addItem(world.deps, customer.id, { itemId: chair.id, quantity: 1 });
    const event = completed(order.id, customer.id);

    await deliver(world, event);
    await deliver(world, event);
    await deliver(world, completed(order.id, customer.id));

    expect((await world.deps.carts.find(customer.id)).lines).toMatchObject([
      { itemId: lamp.id, quantity: 1 },
      { itemId: chair.id, quantity: 1 },
    ]);
    expect(world.carts.checkouts.get(order.id)?.completedAt).toEqual(world.deps.now());
  });

  it('when an order not placed from the cart completes, then the cart is left alone', async () => {
    const world = cartWorld();
    const customer = newCustomer();
    await addItem(world.deps, customer.id, { itemId: world.catalog.add().id, quantity: 1 });
    const before = await world.deps.carts.find(customer.id);

    await deliver(world, completed(crypto.randomUUID(), customer.id));

    expect(await world.deps.carts.find(customer.id)).toEqual(before);
  });

  it('when another order event arrives, then the handler does nothing', async () => {
    const world = cartWorld();
    const customer = newCustomer();
    await addItem(world.deps, customer.id, { itemId: world.catalog.add().id, quantity: 1 });
    const order = await checkout(world.deps, customer, null);
    const before = await world.deps.carts.find(customer.id);

    await cartSagaHandler(world.deps)(
      createEvent('OrderCancelled', {
        orderId: order.id,
        source: 'order-service',
        data: {
          userId: customer.id,
          reason: 'customer_request',
          paid: false,
          previousStatus: 'PENDING_PAYMENT',
        },
      }),
      {} as never,
    );

    expect(await world.deps.carts.find(customer.id)).toEqual(before);
    expect(world.carts.checkouts.get(order.id)?.completedAt).toBeNull();
  });
});
