import type { Caller } from '@shop/platform/caller';
import { ConflictError, NotFoundError, UnprocessableError } from '@shop/platform/errors';
import { refundedEvent } from './events.js';
import { toPublicPayment } from './model.js';
import type { Accounts, Gateway, Orders, PaymentStore } from './ports.js';

export interface PaymentDeps {
  payments: PaymentStore;
  orders: Orders;
  accounts: Accounts;
  gateway: Gateway;
  now: () => Date;
  wakeOutbox: () => void;
  /** A charge still PROCESSING this long after its last change lost its process (housekeeping). */
  interruptedAfterMs: number;
  /** Pauses before each lookup of an attempt whose authorize gave no answer (default 3 tries). */
  lookupPausesMs?: readonly number[];
}

export const notFound = (what: string) => new NotFoundError(`No ${what}`);

export const getPayment = async (deps: PaymentDeps, caller: Caller, paymentId: string) => {
  const payment = await deps.payments.find(paymentId);
  if (!payment || (caller.role === 'CUSTOMER' && payment.userId !== caller.id))
    throw notFound(`payment ${paymentId}`);
  return payment;
};

export const listPayments = async (deps: PaymentDeps, caller: Caller, orderId: string) => {
  const payments = await deps.payments.listByOrder(orderId);
  return payments
    .filter((payment) => caller.role !== 'CUSTOMER' || payment.userId === caller.id)
    .map(toPublicPayment);
};

/** ADMIN refund, partial or full; the sum of refunds never exceeds the charge. */
export const refundPayment = async (
  deps: PaymentDeps,
  paymentId: string,
  request: { amount?: number | undefined; reason: string },
) => {
  const outcome = await deps.payments.refund(
    paymentId,
    { ...request, refundId: crypto.randomUUID() },
    refundedEvent,
    deps.now(),
  );
  switch (outcome.kind) {
    case 'refunded':
      deps.wakeOutbox();
      return toPublicPayment(outcome.payment);
    case 'not-found':
      throw notFound(`payment ${paymentId}`);
    case 'nothing-to-refund':
      throw new ConflictError(
        'nothing-to-refund',
        `Payment ${paymentId} has nothing left to refund`,
      );
    case 'exceeds':
      throw new UnprocessableError(
        'refund-exceeds-charge',
        'The refund is more than what is left of the charge',
      );
  }
};

/** OrderCancelled: refund every successful charge of the order, exactly once. */
export const refundCancelledOrder = async (deps: PaymentDeps, eventId: string, orderId: string) => {
  if (await deps.payments.refundCancelledOrder(eventId, orderId, refundedEvent, deps.now()))
    deps.wakeOutbox();
};
