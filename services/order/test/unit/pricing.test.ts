import { describe, expect, it } from 'vitest';
import { priceLines } from '../../src/domain/pricing.js';
import { FakeInventory } from './memory/inventory.js';

describe('pricing from the catalog', () => {
  it('when lines are priced, then each line is unit price × quantity and the total is their sum', async () => {
    const inventory = new FakeInventory();
    const lamp = inventory.addItem({ unitPrice: 2_500 });
    const bulb = inventory.addItem({ unitPrice: 999 });

    const priced = await priceLines(inventory, [
      { itemId: lamp, quantity: 2 },
      { itemId: bulb, quantity: 3 },
    ]);

    expect(
      priced.items.map(({ itemId, unitPrice, quantity, lineTotal }) => ({
        itemId,
        unitPrice,
        quantity,
        lineTotal,
      })),
    ).toEqual([
      { itemId: lamp, unitPrice: 2_500, quantity: 2, lineTotal: 5_000 },
      { itemId: bulb, unitPrice: 999, quantity: 3, lineTotal: 2_997 },
    ]);
    expect(priced).toMatchObject({ totalAmount: 7_997, currency: 'USD' });
    expect(priced.items[0]).toMatchObject({ upc: '036000291452', name: expect.any(String) });
  });

  it('when an order changes, then its existing lines keep their snapshot price and only new lines are read', async () => {
    const inventory = new FakeInventory();
    const lamp = inventory.addItem({ unitPrice: 2_500 });
    const bulb = inventory.addItem({ unitPrice: 999 });
    const existing = await priceLines(inventory, [{ itemId: lamp, quantity: 1 }]);
    // The catalog price changed since the order was placed.
    const item = inventory.items.get(lamp);
    if (item) item.unitPrice = 9_999;
    inventory.calls.length = 0;

    const priced = await priceLines(
      inventory,
      [
        { itemId: lamp, quantity: 3 },
        { itemId: bulb, quantity: 1 },
      ],
      existing,
    );

    expect(priced.items[0]).toMatchObject({ unitPrice: 2_500, quantity: 3, lineTotal: 7_500 });
    expect(priced.totalAmount).toBe(7_500 + 999);
    expect(inventory.calls).toEqual([`item ${bulb}`]);
  });

  it('when an item does not exist, then 422 unknown-item', async () => {
    const inventory = new FakeInventory();
    const missing = crypto.randomUUID();

    await expect(priceLines(inventory, [{ itemId: missing, quantity: 1 }])).rejects.toMatchObject({
      status: 422,
      code: 'unknown-item',
      detail: expect.stringContaining(missing),
    });
  });

  it('when items are priced in different currencies, then 422 mixed-currencies', async () => {
    const inventory = new FakeInventory();
    const usd = inventory.addItem({ currency: 'USD' });
    const eur = inventory.addItem({ currency: 'EUR' });

    await expect(
      priceLines(inventory, [
        { itemId: usd, quantity: 1 },
        { itemId: eur, quantity: 1 },
      ]),
    ).rejects.toMatchObject({ status: 422, code: 'mixed-currencies' });
  });

  it('when every item is in one currency other than USD, then the order is in that currency', async () => {
    const inventory = new FakeInventory();
    const eur = inventory.addItem({ currency: 'EUR', unitPrice: 300 });

    expect(await priceLines(inventory, [{ itemId: eur, quantity: 2 }])).toMatchObject({
      currency: 'EUR',
      totalAmount: 600,
    });
  });
});
