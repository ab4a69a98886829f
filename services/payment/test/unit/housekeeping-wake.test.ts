import { describe, expect, it, vi } from 'vitest';
import { startHousekeeping, wakeOnCharges } from '../../src/jobs/housekeeping.js';
import { processingPayment } from '../fixtures.js';
import { paymentWorld } from './world.js';

const INTERRUPTED_AFTER_MS = 20_000;

/** The store of a world, wrapped as app.ts wraps it, and the due times housekeeping was told. */
const watchedStore = () => {
  const world = paymentWorld();
  const dueTimes: number[] = [];
  const store = wakeOnCharges(world.payments, INTERRUPTED_AFTER_MS, (at) => dueTimes.push(at));
  return { world, store, dueTimes };
};

describe('housekeeping wake-ups', () => {
  it('when a charge starts, then housekeeping is told to look when it would count as interrupted (a second more for MySQL whole seconds)', async () => {
    const { world, store, dueTimes } = watchedStore();
    const payment = processingPayment({}, world.deps.now());

    expect(await store.startCharge(payment)).toBe(true);

    expect(dueTimes).toEqual([payment.updatedAt.getTime() + INTERRUPTED_AFTER_MS + 1_000]);
  });

  it('when a charge cannot start (the order is being charged already), then housekeeping is told nothing', async () => {
    const { world, store, dueTimes } = watchedStore();
    const now = world.deps.now();
    const first = processingPayment({}, now);
    expect(await store.startCharge(first)).toBe(true);

    const second = processingPayment({ orderId: first.orderId }, now);
    expect(await store.startCharge(second)).toBe(false);

    expect(dueTimes).toHaveLength(1);
  });

  it('when a housekeeping task fails (its store away), then the next round comes 5 s later, not a safety interval later', async () => {
    vi.useFakeTimers();
    try {
      const world = paymentWorld();
      let purges = 0;
      const idempotency = {
        purge: async () => {
          purges += 1;
          throw new Error('store unreachable');
        },
      };
      const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
      const housekeeping = startHousekeeping(world.deps, idempotency as never, {
        intervalMs: 600_000,
        idempotencyTtlHours: 24,
        logger: logger as never,
      });
      await vi.advanceTimersByTimeAsync(5_100);
      expect(purges).toBe(1);
      await vi.advanceTimersByTimeAsync(6_100);
      expect(purges).toBe(2);
      await housekeeping.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
