import { ConflictError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import { changeOrder, refuse } from '../../src/domain/decision.js';
import type { OrderRecord } from '../../src/domain/model.js';
import { anOrder, memoryDeps } from './memory/fixtures.js';

const bump = (order: OrderRecord) => ({
  changes: { totalAmount: order.totalAmount + 1 },
  events: [],
});

describe('changing an order by compare-and-set on its version', () => {
  it('when nobody else writes, then the change is applied once with version + 1', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());

    const outcome = await changeOrder(deps, order, bump);

    expect(outcome).toMatchObject({ applied: true, order: { totalAmount: 2_001, version: 2 } });
    expect(await orders.find(order.id)).toMatchObject({ totalAmount: 2_001, version: 2 });
  });

  it('when another writer wins the race, then the decision is made again on what it wrote: no update is lost', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());
    orders.interleave(async () => {
      await changeOrder(deps, order, bump);
    });

    const outcome = await changeOrder(deps, order, bump);

    expect(outcome.before.version).toBe(2);
    expect(await orders.find(order.id)).toMatchObject({ totalAmount: 2_002, version: 3 });
  });

  it('when the decision is a refusal or nothing, then nothing is written', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());
    const refusal = new ConflictError('nope', 'not now');

    expect(await changeOrder(deps, order, () => refuse(refusal))).toMatchObject({
      applied: false,
      refusal,
    });
    expect(await changeOrder(deps, order, () => null)).toMatchObject({ applied: false });
    expect((await orders.find(order.id))?.version).toBe(1);
  });

  it('when the order keeps changing under every attempt, then 503 after ten rounds (or the error asked for)', async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());
    const contend = () => {
      for (let round = 0; round < 20; round += 1)
        orders.interleave(async () => {
          const current = (await orders.find(order.id)) as OrderRecord;
          await orders.update(current, {
            expectedVersion: current.version,
            changes: {},
            events: [],
            now: new Date(),
          });
        });
    };

    contend();
    await expect(changeOrder(deps, order, bump)).rejects.toMatchObject({ status: 503 });
    await expect(
      changeOrder(deps, order, bump, { exhausted: () => new ConflictError('order-changed', 'x') }),
    ).rejects.toMatchObject({ status: 409, code: 'order-changed' });
  });
});
