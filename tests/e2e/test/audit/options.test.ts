import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/audit/summary.js';
import { auditOptionsFromEnv } from '../../src/audit.js';
import { deadLetter, healthyShop, order } from './world.js';

describe('make audit thresholds', () => {
  it('when nothing is set, then 60 s of grace in flight and for deadlines, 30 s for outboxes', () => {
    expect(auditOptionsFromEnv({})).toEqual({
      inFlightGraceMs: 60_000,
      deadlineGraceMs: 60_000,
      outboxGraceMs: 30_000,
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
  it('when orders and payments are counted, then by status, with paid against successful', () => {
    const snapshot = healthyShop();
    snapshot.orders.push(order('order-3', { status: 'CANCELLED' }));
    snapshot.deadLetters.push(deadLetter('order.events.dlq:0:1'));
    expect(summarize(snapshot)).toEqual([
      'orders by status: CANCELLED 2, COMPLETED 1',
      'payments by status: REFUNDED 1, SUCCEEDED 1',
      'paid orders (COMPLETED, SHIPPED, DELIVERED) 1, successful payments 1',
      'cancelled orders 2, failed or refunded payments 1',
      'dead letters: pending 1, replayed 1',
    ]);
  });
});
