import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/audit/summary.js';
import { auditOptionsFromEnv } from '../../src/audit.js';
import { deadLetter, healthyShop, order } from './world.js';

describe('make audit thresholds', () => {
  it('when nothing is set, then 60 s of grace in flight and for deadlines, 30 s for outboxes', () => {
    expect(auditOptionsFromEnv({})).toEqual({
      inFlightGraceMs: 60_000,
      deadlineGraceMs: 60_000,
      outboxGraceMs: 60_000,
    });
  });

  it('when they are set, then they are seconds', () => {
    expect(
      auditOptionsFromEnv({
        AUDIT_GRACE_SECONDS: '5',
        AUDIT_DEADLINE_GRACE_SECONDS: '0',
        AUDIT_OUTBOX_GRACE_SECONDS: '120',
      }),
    ).toEqual({ inFlightGraceMs: 5_000, deadlineGraceMs: 0, outboxGraceMs: 120_000 });
  });

  it('when one is not a whole number, then the audit refuses to run and names it', () => {
    expect(() => auditOptionsFromEnv({ AUDIT_GRACE_SECONDS: '1m' })).toThrow(
      /AUDIT_GRACE_SECONDS must be a whole number of seconds/,
    );
  });
});

describe('the report beside the invariants', () => {
  it('when orders and payments are counted, then by status side by side, with the equalities matched', () => {
    const snapshot = healthyShop();
    snapshot.orders.push(order('order-3', { status: 'CANCELLED' }));
    snapshot.deadLetters.push(deadLetter('order.events.dlq:0:1'));
    expect(summarize(snapshot)).toEqual([
      'totals:',
      '  orders      | payments',
      '  CANCELLED 2 | REFUNDED 1',
      '  COMPLETED 1 | SUCCEEDED 1',
      'paid orders = successful payments: paid orders (COMPLETED, SHIPPED, DELIVERED) 1 | successful payments (SUCCEEDED) 1 (1 match, equal)',
      'cancelled orders = failed or refunded payments: cancelled orders 2 | failed or refunded payments (FAILED, REFUNDED) 1 (1 match, explained by state)',
      '  orders   +1 CANCELLED order never paid (cancelled or timed out before any payment)',
      'dead letters: pending 1, replayed 1',
    ]);
  });
});
