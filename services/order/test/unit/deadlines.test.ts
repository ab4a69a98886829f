import { ORDER_STATUSES } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { decideExpiry } from '../../src/domain/deadlines.js';
import { sweepDeadlines } from '../../src/jobs/deadline-sweeper.js';
import { anOrder, clock, memoryDeps, T0 } from './memory/fixtures.js';

const AT_DEADLINE = new Date(T0.getTime() + 900_000);

describe('the payment deadline', () => {
  it.each(ORDER_STATUSES)(
    'when the order is %s at its deadline, then only an unpaid one is cancelled',
    (status) => {
      const decision = decideExpiry(anOrder({ status }), AT_DEADLINE);
      if (status === 'PENDING_PAYMENT' || status === 'PAYMENT_FAILED')
        expect(decision).toMatchObject({
          changes: { status: 'CANCELLED', cancelReason: 'payment_timeout' },
          events: [{ type: 'OrderCancelled', data: { reason: 'payment_timeout', paid: false } }],
        });
      else expect(decision).toBeNull();
    },
  );

  it('when the deadline has not come, then the order stays', () => {
    expect(decideExpiry(anOrder(), new Date(AT_DEADLINE.getTime() - 1))).toBeNull();
  });
});

describe('the deadline sweeper over its index', () => {
  it('when orders are due, then the unpaid ones are cancelled and every settled deadline is forgotten', async () => {
    const now = clock();
    const { deps, orders } = memoryDeps(now);
    const unpaid = orders.put(anOrder());
    const failed = orders.put(anOrder({ status: 'PAYMENT_FAILED' }));
    const paid = orders.put(anOrder({ status: 'PAID' }));
    const later = orders.put(anOrder({ expiresAt: new Date(AT_DEADLINE.getTime() + 60_000) }));

    expect(await sweepDeadlines(deps)).toBe(0);
    now.advance(900_000);
    expect(await sweepDeadlines(deps)).toBe(2);

    expect(await orders.find(unpaid.id)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'payment_timeout',
    });
    expect(await orders.find(failed.id)).toMatchObject({ status: 'CANCELLED' });
    expect(await orders.find(paid.id)).toMatchObject({ status: 'PAID', version: 1 });
    expect(orders.indexedDeadlines()).toEqual([later.id]);
    expect(await sweepDeadlines(deps)).toBe(0);
  });

  it('when the payment lands while the sweeper cancels, then the order is decided again and stays paid', async () => {
    const now = clock();
    const { deps, orders } = memoryDeps(now);
    const order = orders.put(anOrder());
    now.advance(900_000);
    orders.interleave(async () => {
      await orders.update(order, {
        expectedVersion: 1,
        changes: { status: 'PAID', paymentStatus: 'SUCCEEDED' },
        events: [],
        now: now(),
      });
    });

    expect(await sweepDeadlines(deps)).toBe(0);

    expect(await orders.find(order.id)).toMatchObject({ status: 'PAID', version: 2 });
    expect(orders.indexedDeadlines()).toEqual([]);
  });

  it('when a deadline points at no order (its batch never applied), then the sweeper clears it', async () => {
    const { deps, orders } = memoryDeps(clock(new Date(AT_DEADLINE.getTime() + 1)));
    const ghost = anOrder();
    await orders.create(ghost, { eventId: crypto.randomUUID() } as never);
    // The listing row and the deadline were written, then the batch failed: no order.
    (orders as unknown as { rows: Map<string, unknown> }).rows.delete(ghost.id);

    expect(await sweepDeadlines(deps)).toBe(0);
    expect(orders.indexedDeadlines()).toEqual([]);
  });
});
