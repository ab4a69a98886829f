import { ORDER_STATUSES, type OrderStatus } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { canTransition, isUnpaid } from '../../src/domain/transitions.js';

/** docs/contract/states.md#orders pair by pair: every pair not listed must be refused. */
const ALLOWED = new Set([
  'PENDING_PAYMENT→PAID',
  'PENDING_PAYMENT→PAYMENT_FAILED',
  'PENDING_PAYMENT→CANCELLED',
  'PAYMENT_FAILED→PENDING_PAYMENT',
  'PAYMENT_FAILED→PAID',
  'PAYMENT_FAILED→CANCELLED',
  'PAID→COMPLETED',
  'PAID→CANCELLED',
  'COMPLETED→SHIPPED',
  'COMPLETED→CANCELLED',
  'SHIPPED→DELIVERED',
]);

const pairs = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]),
);

describe('the order state machine', () => {
  it('when every status is paired with every status, then there are 49 pairs to judge', () => {
    expect(ORDER_STATUSES).toHaveLength(7);
    expect(pairs).toHaveLength(49);
  });

  it.each(pairs)('when an order is %s and would become %s, then the spec decides', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it('when an order is SHIPPED, DELIVERED or CANCELLED, then it can never be cancelled', () => {
    for (const status of ['SHIPPED', 'DELIVERED', 'CANCELLED'] as const)
      expect(canTransition(status, 'CANCELLED')).toBe(false);
  });

  it('when an order awaits its money, then it is unpaid: PENDING_PAYMENT and PAYMENT_FAILED only', () => {
    expect(ORDER_STATUSES.filter(isUnpaid)).toEqual(['PENDING_PAYMENT', 'PAYMENT_FAILED']);
  });
});
