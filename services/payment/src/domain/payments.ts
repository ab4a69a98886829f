import type { PaymentListQuery } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { decodeCursor, encodeCursor } from '@shop/platform/cursor';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '@shop/platform/errors';
import { paymentViewFor } from './model.js';
import type { Accounts, Gateway, Orders, PaymentStore } from './ports.js';
import { cancelOrder, refundCharge } from './refunds.js';

export interface PaymentDeps {
  payments: PaymentStore;
  orders: Orders;
  accounts: Accounts;
  gateway: Gateway;
  now: () => Date;
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

/** A customer's: the payments of one of their orders, all at once (a handful at most). */
const listOwnOrderPayments = async (deps: PaymentDeps, caller: Caller, query: PaymentListQuery) => {
  if (query.userId && query.userId !== caller.id)
    throw new ForbiddenError('A customer lists only their own payments');
  if (!query.orderId)
    throw new BadRequestError('orderId is required: a customer lists the payments of an order', {
      errors: [{ path: 'orderId', message: 'Required' }],
    });
  const payments = await deps.payments.listByOrder(query.orderId);
  return {
    payments: payments
      .filter((payment) => payment.userId === caller.id)
      .filter((payment) => !query.status || payment.status === query.status)
      .map(paymentViewFor(caller)),
    nextCursor: null,
  };
};

/**
 * Newest first, a page at a time. An ADMIN (or SERVICE) lists every payment, narrowed by status,
 * customer and order; a customer lists the payments of one of their orders.
 */
export const listPayments = async (deps: PaymentDeps, caller: Caller, query: PaymentListQuery) => {
  if (caller.role === 'CUSTOMER') return await listOwnOrderPayments(deps, caller, query);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const filter = { status: query.status, userId: query.userId, orderId: query.orderId };
  // One more than the page: whether another page follows, without a count.
  const rows = await deps.payments.listPage(filter, query.limit + 1, after);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    payments: page.map(paymentViewFor(caller)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
};

/** ADMIN refund, partial or full; the sum of refunds never exceeds the charge. */
export const refundPayment = async (
  deps: PaymentDeps,
  paymentId: string,
  request: { amount?: number | undefined; reason: string },
) => {
  const refund = { ...request, refundId: crypto.randomUUID() };
  const now = deps.now();
  const outcome = await deps.payments.refund(paymentId, (payment) =>
    refundCharge(payment, refund, now),
  );
  switch (outcome.kind) {
    case 'refunded':
      // Refunds are ADMIN's: the answer shows the gateway's raw answer too.
      return paymentViewFor({ role: 'ADMIN' })(outcome.change.payment);
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

/**
 * OrderCancelled: in one transaction under the order's lock, the event is claimed (a redelivery
 * does nothing), the order is remembered as cancelled and every charge of it still holding money
 * is refunded (domain/refunds.ts `cancelOrder`). Returns the refunds made (0 on a redelivery).
 */
export const refundCancelledOrder = async (deps: PaymentDeps, eventId: string, orderId: string) => {
  const now = deps.now();
  const change = await deps.payments.updateOrder(
    orderId,
    (order, charges) => cancelOrder(order, charges, now),
    eventId,
  );
  return change?.changes.length ?? 0;
};
