import { migrate } from '@shop/platform/mysql';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/data/migrations.js';
import { createPaymentRepository } from '../src/data/payment-repository.js';
import { attemptKey, type GatewayResult, type PaymentRecord } from '../src/domain/model.js';
import type { PaymentDeps } from '../src/domain/payments.js';
import { refundCancelledOrder, refundPayment } from '../src/domain/payments.js';
import { reconcileCancelledOrders, resolveInterruptedCharges } from '../src/domain/recovery.js';
import { settleCharge } from '../src/domain/settlement.js';
import {
  ledgerRows,
  processingPayment,
  storeDeps,
  storedEvents,
  usePaymentStore,
} from './store.js';

const store = usePaymentStore();
const repository = () => createPaymentRepository(store.pool);

/** Housekeeping as it runs once the charge is older than the bound. */
const later = (overrides: Partial<PaymentDeps> = {}) =>
  storeDeps(store.pool, { now: () => new Date(Date.now() + 60_000), ...overrides });

const started = async (overrides: Partial<PaymentRecord> = {}) => {
  const payment = processingPayment(overrides);
  expect(await repository().startCharge(payment)).toBe(true);
  return payment;
};

const keyOf = (payment: PaymentRecord) => attemptKey({ paymentId: payment.id, attempt: 1 });
const chargeOf = (payment: PaymentRecord) => ({
  paymentId: payment.id,
  orderId: payment.orderId,
  attempt: payment.attempt,
});
const approved = { approved: true, transactionId: 'sim_test' };

/** Records the gateway's answer as charging does: the settle rule under the order's lock. */
const record = async (
  payment: PaymentRecord,
  result: GatewayResult = approved,
  store_ = repository(),
) => {
  const charge = chargeOf(payment);
  return await store_.recordCharge(charge, (current, order) =>
    settleCharge(current, charge, result, order, new Date()),
  );
};

const cancelOrder = async (orderId: string, eventId = crypto.randomUUID()) =>
  await refundCancelledOrder(storeDeps(store.pool), eventId, orderId);

const refundsOf = async (orderId: string) => {
  const [rows] = await store.pool.query(
    'SELECT r.amount FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = ?',
    [orderId],
  );
  return (rows as { amount: number }[]).map((row) => Number(row.amount));
};

const netCharge = async (orderId: string) => {
  const [rows] = await store.pool.query(
    `SELECT COALESCE(SUM(amount - refunded_amount), 0) AS net FROM payments
     WHERE order_id = ? AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`,
    [orderId],
  );
  return Number((rows as { net: number }[])[0]?.net);
};

const typesOf = async (orderId: string) =>
  (await storedEvents(store.pool, orderId)).map((event) => event.type);

describe('interrupted charges', () => {
  it('when the process died after the gateway charged, then housekeeping records SUCCEEDED from the ledger without a second charge', async () => {
    const payment = await started();
    const charged = await storeDeps(store.pool).gateway.authorize(keyOf(payment), {
      amount: payment.amount,
      currency: payment.currency,
      card: payment.card,
    });

    expect(await resolveInterruptedCharges(later())).toBe(1);

    const after = await repository().find(payment.id);
    expect(after).toMatchObject({ status: 'SUCCEEDED', transactionId: charged.transactionId });
    expect(await ledgerRows(store.pool, payment.id)).toHaveLength(1);
    const events = await storedEvents(store.pool, payment.orderId);
    expect(events).toMatchObject([
      { type: 'PaymentSucceeded', data: { paymentId: payment.id, attempt: 1 } },
    ]);
    expect(await resolveInterruptedCharges(later())).toBe(0);
    expect(await storedEvents(store.pool, payment.orderId)).toHaveLength(1);
  });

  it('when the process died before the gateway was asked, then the attempt is voided and closed FAILED interrupted; a late authorize charges nothing', async () => {
    const deps = later();
    const payment = await started();

    await resolveInterruptedCharges(deps);

    expect(await repository().find(payment.id)).toMatchObject({
      status: 'FAILED',
      failureReason: 'interrupted',
    });
    expect(await storedEvents(store.pool, payment.orderId)).toMatchObject([
      { type: 'PaymentFailed', data: { reason: 'interrupted', attempt: 1 } },
    ]);
    const late = await deps.gateway.authorize(keyOf(payment), {
      amount: payment.amount,
      currency: payment.currency,
      card: payment.card,
    });
    expect(late).toMatchObject({ approved: false, declineReason: 'voided' });
    expect(await ledgerRows(store.pool, payment.id)).toMatchObject([
      { approved: false, declineReason: 'voided' },
    ]);
  });

  it('when a charge is younger than the bound, then housekeeping leaves it to its request', async () => {
    const payment = await started();
    await resolveInterruptedCharges(storeDeps(store.pool));
    expect(await repository().find(payment.id)).toMatchObject({ status: 'PROCESSING' });
    expect(await ledgerRows(store.pool, payment.id)).toEqual([]);
  });

  it('when the gateway cannot be asked, then the charge stays PROCESSING for the next round and the others are resolved', async () => {
    const stuck = await started();
    const fine = await started();
    const real = later().gateway;
    const deps = later({
      gateway: {
        authorize: real.authorize,
        lookup: async (key) => {
          if (key === keyOf(stuck))
            throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
          return await real.lookup(key);
        },
      },
    });
    await expect(resolveInterruptedCharges(deps)).rejects.toThrow(/not resolved yet/);
    expect((await repository().find(stuck.id))?.status).toBe('PROCESSING');
    expect((await repository().find(fine.id))?.status).toBe('FAILED');
  });

  it('when two replicas resolve the same interrupted charge at once, then it is recorded once', async () => {
    const payment = await started();
    await storeDeps(store.pool).gateway.authorize(keyOf(payment), {
      amount: payment.amount,
      currency: payment.currency,
      card: payment.card,
    });
    await cancelOrder(payment.orderId);

    await Promise.all([resolveInterruptedCharges(later()), resolveInterruptedCharges(later())]);

    expect(await typesOf(payment.orderId)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
    expect(await refundsOf(payment.orderId)).toEqual([payment.amount]);
    expect(await netCharge(payment.orderId)).toBe(0);
  });
});

describe('a charge that lands on a cancelled order', () => {
  it('when the order is known cancelled, then the charge is recorded and refunded in one transaction', async () => {
    const payment = await started();
    await cancelOrder(payment.orderId);

    const recorded = await record(payment);

    expect(recorded).toMatchObject({ status: 'REFUNDED', refundedAmount: payment.amount });
    expect(await typesOf(payment.orderId)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
  });

  it('when the refund cannot be written, then the charge is not recorded either (nothing half done)', async () => {
    const earlier = await started();
    await record(earlier);
    const taken = await refundPayment(storeDeps(store.pool), earlier.id, { reason: 'goodwill' });
    const [refundRows] = await store.pool.query('SELECT id FROM refunds WHERE payment_id = ?', [
      taken.id,
    ]);
    const takenId = (refundRows as { id: string }[])[0]?.id ?? '';
    const payment = await started();
    await cancelOrder(payment.orderId);
    const charge = chargeOf(payment);
    // The payment row is updated first, then the refund's insert fails (its id is taken).
    const clashing = (current: PaymentRecord, order: { cancelledAt: Date | null }) => {
      const change = settleCharge(current, charge, approved, order, new Date());
      return change?.refund ? { ...change, refund: { ...change.refund, id: takenId } } : change;
    };

    await expect(repository().recordCharge(charge, clashing)).rejects.toThrow(/Duplicate/);

    expect(await repository().find(payment.id)).toMatchObject({ status: 'PROCESSING' });
    expect(await typesOf(payment.orderId)).toEqual([]);
    // The next try (here: housekeeping with the ledger) records and refunds it together.
  });

  it('when a cancellation commits while a charge waits for the order lock, then the charge sees it and refunds itself', async () => {
    const payment = await started();
    const other = await store.pool.getConnection();
    try {
      // Another transaction (as the consumer does) holds the order's lock row.
      await other.beginTransaction();
      await other.query('SELECT * FROM payment_orders WHERE order_id = ? FOR UPDATE', [
        payment.orderId,
      ]);
      const recording = record(payment);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('UPDATE payment_orders SET cancelled_at = NOW(3) WHERE order_id = ?', [
        payment.orderId,
      ]);
      await other.commit();
      expect(await recording).toMatchObject({ status: 'REFUNDED' });
    } finally {
      other.release();
    }
    expect(await typesOf(payment.orderId)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
  });

  it('when recording a charge and OrderCancelled race many times, then every order ends with a net charge of 0 and one refund', async () => {
    const rounds = Array.from({ length: 40 }, (_, index) => index);
    await Promise.all(
      rounds.map(async (index) => {
        const payment = await started();
        const recordIt = () => record(payment);
        const cancel = () => cancelOrder(payment.orderId);
        await Promise.all(index % 2 === 0 ? [recordIt(), cancel()] : [cancel(), recordIt()]);
        // A redelivered OrderCancelled and a repeated record change nothing.
        await Promise.all([recordIt(), cancelOrder(payment.orderId)]);
        expect(await netCharge(payment.orderId), `order ${payment.orderId}`).toBe(0);
        expect(await refundsOf(payment.orderId)).toEqual([payment.amount]);
        expect(await typesOf(payment.orderId)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
      }),
    );
  }, 60_000);
});

describe('the reconciler', () => {
  /** What a crash between two writes of an older version left: charged, order known cancelled. */
  const chargedButCancelled = async () => {
    const payment = await started();
    await record(payment);
    await store.pool.query('UPDATE payment_orders SET cancelled_at = ? WHERE order_id = ?', [
      new Date(),
      payment.orderId,
    ]);
    return payment;
  };

  it('when a cancelled order still holds a successful charge, then it is refunded once, even by two replicas at once', async () => {
    const payment = await chargedButCancelled();
    const partial = await chargedButCancelled();
    await refundPayment(storeDeps(store.pool), partial.id, { amount: 1_000, reason: 'goodwill' });

    const made = await Promise.all([
      reconcileCancelledOrders(storeDeps(store.pool)),
      reconcileCancelledOrders(storeDeps(store.pool)),
    ]);

    expect(made.reduce((sum, refunds) => sum + refunds, 0)).toBeGreaterThanOrEqual(2);
    expect(await refundsOf(payment.orderId)).toEqual([payment.amount]);
    expect((await refundsOf(partial.orderId)).sort()).toEqual(
      [1_000, partial.amount - 1_000].sort(),
    );
    expect(await netCharge(payment.orderId)).toBe(0);
    expect(await netCharge(partial.orderId)).toBe(0);
    expect(await reconcileCancelledOrders(storeDeps(store.pool))).toBe(0);
  });

  it('when an order is not cancelled, then its charge is left alone', async () => {
    const payment = await started();
    await record(payment);
    await reconcileCancelledOrders(storeDeps(store.pool));
    expect(await repository().find(payment.id)).toMatchObject({ status: 'SUCCEEDED' });
  });
});

describe('waking the outbox relay', () => {
  it('when a transaction wrote events, then the relay is woken after its commit; one that wrote none wakes nothing', async () => {
    const payment = processingPayment();
    // Each wake reads the outbox on another connection: it sees the events only once committed.
    const seen: Promise<string[]>[] = [];
    const woken = createPaymentRepository(store.pool, {
      wakeOutbox: () => seen.push(typesOf(payment.orderId)),
    });
    const deps = storeDeps(store.pool, { payments: woken });
    const cancelled = crypto.randomUUID();

    expect(await woken.startCharge(payment)).toBe(true);
    await record(payment, approved, woken);
    await refundCancelledOrder(deps, cancelled, payment.orderId);
    await refundCancelledOrder(deps, cancelled, payment.orderId);
    await record(payment, approved, woken);
    await woken.abandonCharge(chargeOf(payment), null);

    expect(await Promise.all(seen)).toEqual([
      ['PaymentSucceeded'],
      ['PaymentSucceeded', 'PaymentRefunded'],
    ]);
  });
});

describe('the schema', () => {
  it('when migrating a database of version 1, then cancelled orders carry over as lock rows and payments are attempt 1', async () => {
    const database = `${store.config.database}_v1`;
    await store.pool.query(`CREATE DATABASE \`${database}\``);
    const connection = await mysql.createConnection({ ...store.config, database });
    try {
      for (const statement of migrations[0]?.statements ?? []) await connection.query(statement);
      const orderId = crypto.randomUUID();
      await connection.query(
        'INSERT INTO cancelled_orders (order_id, cancelled_at) VALUES (?, NOW(3))',
        [orderId],
      );
      await connection.query(
        `INSERT INTO payments (id, order_id, user_id, amount, currency, status, card_brand, card_last4, created_at, updated_at)
         VALUES (UUID(), ?, UUID(), 100, 'USD', 'FAILED', 'visa', '0002', NOW(3), NOW(3))`,
        [orderId],
      );
      const statements = migrations[1]?.statements ?? [];
      // Twice: a migration that stopped half-way runs again from the start.
      for (const statement of [...statements, ...statements]) await connection.query(statement);
      const [lockRows] = await connection.query(
        'SELECT cancelled_at FROM payment_orders WHERE order_id = ?',
        [orderId],
      );
      const [paymentRows] = await connection.query(
        'SELECT attempt FROM payments WHERE order_id = ?',
        [orderId],
      );
      expect((lockRows as { cancelled_at: Date | null }[])[0]?.cancelled_at).toBeInstanceOf(Date);
      expect(paymentRows).toEqual([{ attempt: 1 }]);
    } finally {
      await connection.end();
      await store.pool.query(`DROP DATABASE IF EXISTS \`${database}\``);
    }
  });

  it('when migrations run again on a current database, then nothing changes', async () => {
    expect(await migrate(store.pool, migrations)).toEqual([]);
  });
});
