import { CreateOrderBody, UpdateOrderBody } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { updateOrderItems } from '../../src/domain/change-items.js';
import { createOrder } from '../../src/domain/create-order.js';
import { resolveLines } from '../../src/domain/requested-lines.js';
import { customer, memoryDeps } from './memory/fixtures.js';
import { FakeInventory } from './memory/inventory.js';

const LAMP_UPC = '036000291452';
const BULB_UPC = '4006381333931';
const UNKNOWN_UPC = '012345678905';

describe('order lines by UPC', () => {
  it('when lines name items by UPC and by id, then they become lines by id in the order given, with one look-up for all UPCs', async () => {
    const inventory = new FakeInventory();
    const lamp = inventory.addItem({ upc: LAMP_UPC });
    const bulb = inventory.addItem({ upc: BULB_UPC });
    const plug = inventory.addItem({ upc: '725272730706' });

    const lines = await resolveLines(inventory, [
      { upc: BULB_UPC, quantity: 3 },
      { itemId: plug, quantity: 1 },
      { upc: LAMP_UPC, quantity: 2 },
    ]);

    expect(lines).toEqual([
      { itemId: bulb, quantity: 3 },
      { itemId: plug, quantity: 1 },
      { itemId: lamp, quantity: 2 },
    ]);
    expect(inventory.calls).toEqual([`by-upc ${BULB_UPC},${LAMP_UPC}`]);
  });

  it('when every line is by id, then item-service is not asked about UPCs', async () => {
    const inventory = new FakeInventory();
    const lamp = inventory.addItem();
    expect(await resolveLines(inventory, [{ itemId: lamp, quantity: 1 }])).toEqual([
      { itemId: lamp, quantity: 1 },
    ]);
    expect(inventory.calls).toEqual([]);
  });

  it('when a UPC names no item, then 422 unknown-upc names every unknown one', async () => {
    const inventory = new FakeInventory();
    inventory.addItem({ upc: LAMP_UPC });
    await expect(
      resolveLines(inventory, [
        { upc: LAMP_UPC, quantity: 1 },
        { upc: UNKNOWN_UPC, quantity: 1 },
        { upc: BULB_UPC, quantity: 1 },
      ]),
    ).rejects.toMatchObject({
      status: 422,
      code: 'unknown-upc',
      message: expect.stringContaining(`${UNKNOWN_UPC}, ${BULB_UPC}`),
      extensions: { upcs: [UNKNOWN_UPC, BULB_UPC] },
    });
  });

  it('when one item is named by its id and by its UPC, then 422 duplicate-item', async () => {
    const inventory = new FakeInventory();
    const lamp = inventory.addItem({ upc: LAMP_UPC });
    await expect(
      resolveLines(inventory, [
        { itemId: lamp, quantity: 1 },
        { upc: LAMP_UPC, quantity: 1 },
      ]),
    ).rejects.toMatchObject({ status: 422, code: 'duplicate-item', extensions: { itemId: lamp } });
  });

  it('when a body mixes both kinds of line, then the contract takes it; a line with both or neither, a bad UPC or a UPC twice is refused', () => {
    const id = crypto.randomUUID();
    expect(
      CreateOrderBody.safeParse({
        items: [
          { itemId: id, quantity: 1 },
          { upc: LAMP_UPC, quantity: 2 },
        ],
      }).success,
    ).toBe(true);
    for (const items of [
      [{ itemId: id, upc: LAMP_UPC, quantity: 1 }],
      [{ quantity: 1 }],
      [{ upc: '036000291453', quantity: 1 }],
      [
        { upc: LAMP_UPC, quantity: 1 },
        { upc: LAMP_UPC, quantity: 2 },
      ],
    ]) {
      expect(CreateOrderBody.safeParse({ items }).success, JSON.stringify(items)).toBe(false);
      expect(UpdateOrderBody.safeParse({ items }).success).toBe(false);
    }
  });

  it('when a customer orders by UPC, then the order is priced and held by the items those UPCs name', async () => {
    const { deps, inventory } = memoryDeps();
    const lamp = inventory.addItem({ upc: LAMP_UPC, unitPrice: 2_500 });

    const order = await createOrder(deps, customer(), { items: [{ upc: LAMP_UPC, quantity: 2 }] });

    expect(order.items).toMatchObject([{ itemId: lamp, upc: LAMP_UPC, lineTotal: 5_000 }]);
    expect(inventory.holds.get(order.id)?.lines).toEqual([{ itemId: lamp, quantity: 2 }]);
  });

  it('when an order names an unknown UPC, then 422 and nothing is held or stored', async () => {
    const { deps, inventory, orders } = memoryDeps();
    const buyer = customer();
    await expect(
      createOrder(deps, buyer, { items: [{ upc: UNKNOWN_UPC, quantity: 1 }] }),
    ).rejects.toMatchObject({ status: 422, code: 'unknown-upc' });
    expect(inventory.holds.size).toBe(0);
    expect((await orders.listByUser(buyer.id, 10, undefined)).ids).toEqual([]);
  });

  it('when an unpaid order changes its lines by UPC, then the hold and lines follow; an unknown UPC changes nothing', async () => {
    const { deps, inventory } = memoryDeps();
    const lamp = inventory.addItem({ upc: LAMP_UPC, unitPrice: 1_000 });
    const bulb = inventory.addItem({ upc: BULB_UPC, unitPrice: 300 });
    const buyer = customer();
    const order = await createOrder(deps, buyer, { items: [{ itemId: lamp, quantity: 1 }] });

    const changed = await updateOrderItems(deps, buyer, order.id, [
      { itemId: lamp, quantity: 1 },
      { upc: BULB_UPC, quantity: 2 },
    ]);
    expect(changed.items.map((line) => line.itemId)).toEqual([lamp, bulb]);
    expect(changed.totalAmount).toBe(1_600);

    await expect(
      updateOrderItems(deps, buyer, order.id, [{ upc: UNKNOWN_UPC, quantity: 1 }]),
    ).rejects.toMatchObject({ status: 422, code: 'unknown-upc' });
    expect(inventory.holds.get(order.id)?.lines).toHaveLength(2);
  });
});
