import type { ShopEvent } from '@shop/contracts';
import { TransientError } from '@shop/platform/failures';
import {
  holdsChargeLock,
  type OrderState,
  type PaymentChange,
  type PaymentRecord,
  type RefundRecord,
} from '../../src/domain/model.js';
import type { PaymentStore } from '../../src/domain/ports.js';
import { holdsMoney } from '../../src/domain/refunds.js';

export interface MemoryPaymentStore extends PaymentStore {
  payments: Map<string, PaymentRecord>;
  refunds: RefundRecord[];
  /** The outbox: every event written, in commit order. */
  outbox: ShopEvent[];
  /** How often the relay was woken (after commits that wrote events). */
  wakes: number;
  /** Order id → the payment holding its charge lock (the unique `charge_lock` column). */
  chargeLocks: Map<string, string>;
  orders: Map<string, OrderState>;
  /** While true every call fails as an unreachable payments_db does (a transient error). */
  down: boolean;
}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * payments_db in memory, faithful where the rules depend on it: one running or successful charge
 * per order (the charge lock refuses a second), guarded restarts and undos, the refund CHECK and
 * unique refund ids, claimed event ids, and all-or-nothing transactions (each one runs without an
 * await between its reads and writes, so it is serialized like the order's lock row makes it,
 * and a decision that throws writes nothing).
 */
export const createMemoryPaymentStore = (): MemoryPaymentStore => {
  const payments = new Map<string, PaymentRecord>();
  const chargeLocks = new Map<string, string>();
  const orders = new Map<string, OrderState>();
  const refunds: RefundRecord[] = [];
  const outbox: ShopEvent[] = [];
  const claimed = new Set<string>();

  const available = () => {
    if (store.down) throw new TransientError('payments_db is unreachable');
  };
  const lockOrder = (orderId: string) => {
    const order = orders.get(orderId) ?? { cancelledAt: null };
    orders.set(orderId, order);
    return copy(order);
  };
  /** Refuses what the real schema refuses, before anything of the transaction is written. */
  const check = (changes: PaymentChange[]) => {
    for (const { payment, refund } of changes) {
      if (!payments.has(payment.id)) throw new Error(`payment ${payment.id} vanished`);
      if (payment.refundedAmount < 0 || payment.refundedAmount > payment.amount)
        throw new Error('CHECK constraint chk_payments_refund failed');
      if (refund && refunds.some((stored) => stored.id === refund.id))
        throw new Error(`Duplicate entry '${refund.id}' for key 'PRIMARY'`);
    }
  };
  const write = (changes: PaymentChange[]) => {
    check(changes);
    for (const { payment, refund, events } of changes) {
      payments.set(payment.id, copy(payment));
      if (!holdsChargeLock(payment) && chargeLocks.get(payment.orderId) === payment.id)
        chargeLocks.delete(payment.orderId);
      if (refund) refunds.push(copy(refund));
      outbox.push(...events);
    }
    if (changes.some((change) => change.events.length > 0)) store.wakes += 1;
  };
  const chargesOf = (orderId: string) =>
    [...payments.values()]
      .filter((payment) => payment.orderId === orderId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map(copy);

  const store: MemoryPaymentStore = {
    payments,
    refunds,
    outbox,
    wakes: 0,
    chargeLocks,
    orders,
    down: false,

    startCharge: async (payment) => {
      available();
      lockOrder(payment.orderId);
      if (chargeLocks.has(payment.orderId)) return false;
      chargeLocks.set(payment.orderId, payment.id);
      payments.set(payment.id, copy({ ...payment, status: 'PROCESSING', attempt: 1 }));
      return true;
    },

    restartCharge: async (previous, next) => {
      available();
      lockOrder(previous.orderId);
      const current = payments.get(previous.id);
      if (current?.status !== 'FAILED' || current.attempt !== previous.attempt) return false;
      if (chargeLocks.has(previous.orderId)) return false;
      chargeLocks.set(previous.orderId, previous.id);
      payments.set(
        previous.id,
        copy({ ...current, ...next, transactionId: current.transactionId }),
      );
      return true;
    },

    abandonCharge: async ({ paymentId, orderId, attempt }, previous) => {
      available();
      lockOrder(orderId);
      const current = payments.get(paymentId);
      if (current?.status !== 'PROCESSING' || current.attempt !== attempt) return;
      if (chargeLocks.get(orderId) === paymentId) chargeLocks.delete(orderId);
      if (previous) payments.set(paymentId, copy(previous));
      else payments.delete(paymentId);
    },

    recordCharge: async (charge, decide) => {
      available();
      const order = lockOrder(charge.orderId);
      const current = payments.get(charge.paymentId);
      if (!current) throw new Error(`payment ${charge.paymentId} vanished`);
      const decided = decide(copy(current), order);
      if (!decided) return copy(current);
      write([decided]);
      return copy(decided.payment);
    },

    find: async (paymentId) => {
      available();
      const payment = payments.get(paymentId);
      return payment ? copy(payment) : null;
    },

    listByOrder: async (orderId) => {
      available();
      return chargesOf(orderId).reverse();
    },

    listPage: async (filter, limit, after) => {
      available();
      const key = (payment: PaymentRecord) => `${payment.createdAt.toISOString()}|${payment.id}`;
      const start = after ? `${after.createdAt.toISOString()}|${after.id}` : null;
      return [...payments.values()]
        .filter((payment) => !filter.status || payment.status === filter.status)
        .filter((payment) => !filter.userId || payment.userId === filter.userId)
        .filter((payment) => !filter.orderId || payment.orderId === filter.orderId)
        .filter((payment) => !start || key(payment) < start)
        .sort((a, b) => key(b).localeCompare(key(a)))
        .slice(0, limit)
        .map(copy);
    },

    refund: async (paymentId, decide) => {
      available();
      const payment = payments.get(paymentId);
      if (!payment) return { kind: 'not-found' };
      const decided = decide(copy(payment));
      if (decided.kind === 'refunded') write([decided.change]);
      return decided;
    },

    updateOrder: async (orderId, decide, eventId) => {
      available();
      const order = lockOrder(orderId);
      if (eventId && claimed.has(eventId)) return null;
      const decided = decide(order, chargesOf(orderId));
      write(decided.changes);
      if (eventId) claimed.add(eventId);
      orders.set(orderId, copy(decided.order));
      return decided;
    },

    cancelledOrdersWithCharges: async (limit) => {
      available();
      return [...orders.entries()]
        .filter(([orderId, order]) => order.cancelledAt && chargesOf(orderId).some(holdsMoney))
        .map(([orderId]) => orderId)
        .slice(0, limit);
    },

    interruptedCharges: async (before) => {
      available();
      return [...payments.values()]
        .filter((payment) => payment.status === 'PROCESSING' && payment.updatedAt < before)
        .map(copy);
    },
  };
  return store;
};
