import { describe, expect, it } from 'vitest';
import { newSeedRun, seededOrder } from '../src/seed/history.js';
import { orderStatements } from '../src/seed/orders.js';

const run = newSeedRun(1_000, new Date('2026-06-01T12:00:00Z'));
const tables = (statements: { query: string }[]) =>
  statements.map(({ query }) => /INSERT INTO (\w+)/.exec(query)?.[1]);

describe('seeded order rows', () => {
  it('when an order is seeded, then its partition holds the order and its events, all published, and no LWT', () => {
    const seeded = seededOrder(run, 0);
    const { partition } = orderStatements(seeded, new Set());
    expect(tables(partition)).toEqual(['orders', 'orders', 'orders', 'orders']);
    expect(partition[0]?.query).not.toMatch(/IF NOT EXISTS/);
    expect(partition[0]?.params.slice(0, 3)).toEqual([
      seeded.order.id,
      seeded.order.userId,
      'COMPLETED',
    ]);
    for (const row of partition.slice(1)) expect(row.params[6]).toBe(true);
  });

  it('when an order is seeded, then it gets its customer and listing rows but no outbox hint, deadline or PAID row', () => {
    const { partition, indexes } = orderStatements(seededOrder(run, 7), new Set());
    expect(tables(indexes)).toEqual([
      'orders_by_user',
      'order_days',
      'orders_by_day',
      'orders_by_status',
    ]);
    const written = [...tables(partition), ...tables(indexes)];
    for (const table of ['outbox_pending', 'order_deadlines', 'orders_paid'])
      expect(written).not.toContain(table);
    expect(indexes.at(-1)?.params[0]).toBe('CANCELLED');
  });

  it('when two orders of one day are seeded, then the day is written to order_days once', () => {
    const days = new Set<string>();
    const first = orderStatements(seededOrder(run, 0), days);
    const second = orderStatements(seededOrder(run, 1), days);
    expect(tables(first.indexes)).toContain('order_days');
    expect(tables(second.indexes)).not.toContain('order_days');
    expect(tables(second.indexes)).toContain('orders_by_day');
  });
});
