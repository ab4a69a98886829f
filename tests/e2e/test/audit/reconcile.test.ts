import { describe, expect, it } from 'vitest';
import { type Equality, reconcile } from '../../src/audit/reconcile.js';
import { summarize } from '../../src/audit/summary.js';
import { deadLetter, empty, healthyShop, order, payment } from './world.js';

/** Each side's total is its matches plus its own differences: nothing is left uncounted. */
const addsUp = (equality: Equality) => {
  const of = (side: 'orders' | 'payments') =>
    equality.differences
      .filter((difference) => difference.side === side)
      .reduce((total, difference) => total + difference.count, 0);
  expect(equality.matched + of('orders')).toBe(equality.orders.count);
  expect(equality.matched + of('payments')).toBe(equality.payments.count);
};

/** A shop in the middle of things: every kind of explained difference once. */
const busyShop = () => ({
  ...empty(),
  orders: [
    order('paid-1'),
    order('paid-2', { status: 'SHIPPED' }),
    order('partly-refunded', { status: 'DELIVERED' }),
    order('completing', { status: 'PAID' }),
    order('never-paid', { status: 'CANCELLED' }),
    order('refunded', { status: 'CANCELLED' }),
    order('refund-pending', { status: 'CANCELLED' }),
    order('declined-twice', { status: 'CANCELLED' }),
    order('awaiting', { status: 'PAYMENT_FAILED' }),
    order('charging', { status: 'PENDING_PAYMENT' }),
  ],
  payments: [
    payment('paid-1'),
    payment('paid-2'),
    payment('partly-refunded', { status: 'PARTIALLY_REFUNDED', refundedAmount: 1_000 }),
    payment('completing'),
    payment('refunded', { status: 'REFUNDED', refundedAmount: 5_000 }),
    payment('refund-pending'),
    payment('declined-twice', { id: 'd-1', status: 'FAILED' }),
    payment('declined-twice', { id: 'd-2', status: 'FAILED' }),
    payment('awaiting', { status: 'FAILED' }),
    payment('charging', { status: 'PROCESSING' }),
  ],
});

describe('the equalities of the consistency report', () => {
  it('when the shop is quiet and healthy, then both equalities hold one for one', () => {
    const [paid, cancelled] = reconcile(healthyShop());
    expect(paid).toMatchObject({ orders: { count: 1 }, payments: { count: 1 }, matched: 1 });
    expect(cancelled).toMatchObject({ orders: { count: 1 }, payments: { count: 1 }, matched: 1 });
    expect([...(paid?.differences ?? []), ...(cancelled?.differences ?? [])]).toEqual([]);
  });

  it('when orders are in flight or partly refunded, then paid orders and successful payments differ by exactly those, each explained', () => {
    const [paid] = reconcile(busyShop());
    expect(paid).toMatchObject({ orders: { count: 3 }, payments: { count: 4 }, matched: 2 });
    expect(paid?.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          side: 'orders',
          count: 1,
          explained: true,
          why: expect.stringMatching(/PARTIALLY_REFUNDED/),
        }),
        expect.objectContaining({
          side: 'payments',
          count: 1,
          explained: true,
          why: expect.stringMatching(/still PAID/),
        }),
        expect.objectContaining({
          side: 'payments',
          count: 1,
          explained: true,
          why: expect.stringMatching(/CANCELLED order \(refund in flight\)/),
        }),
      ]),
    );
    expect(paid?.differences).toHaveLength(3);
    addsUp(paid as Equality);
  });

  it('when cancelled orders were never paid, await a refund or were declined twice, then cancelled orders and failed or refunded payments differ by exactly those', () => {
    const [, cancelled] = reconcile(busyShop());
    expect(cancelled).toMatchObject({ orders: { count: 4 }, payments: { count: 4 }, matched: 2 });
    const byWhy = Object.fromEntries(
      (cancelled?.differences ?? []).map((difference) => [difference.why, difference]),
    );
    expect(Object.keys(byWhy).sort()).toEqual(
      [
        'CANCELLED order never paid (cancelled or timed out before any payment)',
        'CANCELLED order whose charge is not refunded yet (refund in flight)',
        'FAILED payment (declined) of an order PAYMENT_FAILED, not cancelled (paid again, or awaiting)',
        'further failed payments of one CANCELLED order (declined more than once)',
      ].sort(),
    );
    expect(Object.values(byWhy).every((difference) => difference.explained)).toBe(true);
    addsUp(cancelled as Equality);
  });

  it('when a paid order has no charge or two, then the difference is marked unexplained', () => {
    const shop = {
      ...empty(),
      orders: [order('uncharged'), order('twice')],
      payments: [payment('twice', { id: 'a' }), payment('twice', { id: 'b' }), payment('ghost')],
    };
    const [paid] = reconcile(shop);
    expect(paid?.differences.filter((difference) => !difference.explained)).toHaveLength(3);
    addsUp(paid as Equality);
  });

  it('when the report is printed, then the totals stand side by side and each equality says what explains it', () => {
    const snapshot = { ...busyShop(), deadLetters: [deadLetter('order.events.dlq:0:1')] };
    const lines = summarize(snapshot);
    expect(lines[0]).toBe('totals:');
    expect(lines[1]).toMatch(/^ {2}orders +\| payments$/);
    expect(lines[2]).toMatch(/^ {2}CANCELLED 4 +\| FAILED 3$/);
    expect(lines).toContain(
      'paid orders = successful payments: paid orders (COMPLETED, SHIPPED, DELIVERED) 3 | successful payments (SUCCEEDED) 4 (2 match, explained by state)',
    );
    expect(
      lines.some((line) =>
        line.startsWith('cancelled orders = failed or refunded payments: cancelled orders 4 |'),
      ),
    ).toBe(true);
    expect(lines.at(-1)).toBe('dead letters: pending 1');
    expect(lines.join('\n')).not.toContain('look into it');
  });
});
