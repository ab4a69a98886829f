import { type CreatePaymentBody, createEvent, type PaymentCardInput } from '@shop/contracts';
import {
  type Caller,
  ConflictError,
  NotFoundError,
  summarizeCard,
  UnprocessableError,
} from '@shop/platform';
import { type CardSummary, type PaymentRecord, toPublicPayment } from './model.js';
import type { Accounts, Gateway, Orders, PaymentStore, RefundEvent } from './ports.js';

export interface PaymentDeps {
  payments: PaymentStore;
  orders: Orders;
  accounts: Accounts;
  gateway: Gateway;
  now: () => Date;
  wakeOutbox: () => void;
}

const notFound = (what: string) => new NotFoundError(`No ${what}`);

/** What every payment event says about the charge. */
const facts = (payment: PaymentRecord) => ({
  paymentId: payment.id,
  userId: payment.userId,
  amount: payment.amount,
  currency: payment.currency,
});

const resultEvent = (payment: PaymentRecord) =>
  payment.status === 'SUCCEEDED'
    ? createEvent('PaymentSucceeded', {
        orderId: payment.orderId,
        source: 'payment-service',
        data: { ...facts(payment), transactionId: payment.transactionId ?? '', card: payment.card },
      })
    : createEvent('PaymentFailed', {
        orderId: payment.orderId,
        source: 'payment-service',
        data: { ...facts(payment), reason: payment.failureReason ?? 'declined' },
      });

export const refundedEvent: RefundEvent = (payment, refundId, refundAmount, reason) =>
  createEvent('PaymentRefunded', {
    orderId: payment.orderId,
    source: 'payment-service',
    data: {
      ...facts(payment),
      refundId,
      refundAmount,
      refundedAmount: payment.refundedAmount,
      fullyRefunded: payment.refundedAmount === payment.amount,
      reason,
    },
  });

/** The order must exist, be the caller's, await payment, and cost exactly `amount`. */
const payableOrder = async (
  deps: PaymentDeps,
  caller: Caller,
  orderId: string,
  amount: number,
  currency: string,
) => {
  const order = await deps.orders.get(orderId);
  if (!order || order.userId !== caller.id) throw notFound(`order ${orderId}`);
  if (order.status !== 'PENDING_PAYMENT' && order.status !== 'PAYMENT_FAILED') {
    throw new ConflictError(
      'order-not-payable',
      `Order ${orderId} is ${order.status} and cannot be paid`,
    );
  }
  if (order.totalAmount !== amount || order.currency !== currency) {
    throw new UnprocessableError(
      'amount-mismatch',
      `The order costs ${order.totalAmount} ${order.currency}, not ${amount} ${currency}`,
    );
  }
  return order;
};

const cardFor = async (
  deps: PaymentDeps,
  caller: Caller,
  input: PaymentCardInput | undefined,
): Promise<CardSummary> => {
  if (input) {
    const { brand, last4 } = summarizeCard(input, deps.now());
    return { brand, last4 };
  }
  const saved = await deps.accounts.savedCard(caller.id);
  if (!saved)
    throw new UnprocessableError(
      'no-payment-method',
      'No card given and none saved on the account',
    );
  return saved;
};

const alreadyCharged = (orderId: string) =>
  new ConflictError(
    'order-already-charged',
    `Order ${orderId} already has a successful or running charge`,
  );

/**
 * Asks the gateway and stores the answer with its event. A charge that succeeds for an order
 * that was cancelled meanwhile is refunded at once: the customer is never left charged.
 */
const runCharge = async (
  deps: PaymentDeps,
  paymentId: string,
  request: { amount: number; currency: string; card: CardSummary },
) => {
  const result = await deps.gateway.authorize(request);
  const payment = await deps.payments.finishCharge(paymentId, result, resultEvent, deps.now());
  deps.wakeOutbox();
  if (payment.status !== 'SUCCEEDED' || !(await deps.payments.isOrderCancelled(payment.orderId)))
    return payment;
  const refund = { refundId: crypto.randomUUID(), reason: 'order_cancelled' };
  const outcome = await deps.payments.refund(payment.id, refund, refundedEvent, deps.now());
  deps.wakeOutbox();
  return outcome.kind === 'refunded'
    ? outcome.payment
    : ((await deps.payments.find(paymentId)) ?? payment);
};

/** POST /payments: one charge of one order; a decline is a FAILED payment, not an error. */
export const chargeOrder = async (deps: PaymentDeps, caller: Caller, body: CreatePaymentBody) => {
  await payableOrder(deps, caller, body.orderId, body.amount, body.currency);
  const card = await cardFor(deps, caller, body.paymentMethod);
  const now = deps.now();
  const payment: PaymentRecord = {
    id: crypto.randomUUID(),
    orderId: body.orderId,
    userId: caller.id,
    amount: body.amount,
    currency: body.currency,
    status: 'PROCESSING',
    failureReason: null,
    card,
    transactionId: null,
    refundedAmount: 0,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.payments.startCharge(payment))) throw alreadyCharged(body.orderId);
  return toPublicPayment(
    await runCharge(deps, payment.id, { amount: payment.amount, currency: payment.currency, card }),
  );
};

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

/** PATCH /payments/{id}: a FAILED payment charged again with a new card. */
export const retryPayment = async (
  deps: PaymentDeps,
  caller: Caller,
  paymentId: string,
  input: PaymentCardInput,
) => {
  const payment = await getPayment(deps, caller, paymentId);
  if (payment.status !== 'FAILED') {
    throw new ConflictError(
      'payment-not-failed',
      `Payment ${paymentId} is ${payment.status}; only a FAILED payment can be retried`,
    );
  }
  await payableOrder(deps, caller, payment.orderId, payment.amount, payment.currency);
  const card = await cardFor(deps, caller, input);
  if (!(await deps.payments.restartCharge(paymentId, card, deps.now())))
    throw alreadyCharged(payment.orderId);
  return toPublicPayment(
    await runCharge(deps, paymentId, { amount: payment.amount, currency: payment.currency, card }),
  );
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

/** A charge still PROCESSING after this long lost its process mid-call to the gateway. */
const INTERRUPTED_AFTER_MS = 120_000;

/**
 * Closes charges a crash interrupted as FAILED (`interrupted`), with PaymentFailed, which frees
 * the order for another attempt. (The simulator charged nothing it did not record; a real
 * gateway would be asked for the transaction's outcome here.)
 */
export const closeInterruptedCharges = async (deps: PaymentDeps) => {
  const now = deps.now();
  const interrupted = await deps.payments.interruptedCharges(
    new Date(now.getTime() - INTERRUPTED_AFTER_MS),
  );
  for (const payment of interrupted) {
    await deps.payments.finishCharge(
      payment.id,
      { approved: false, transactionId: 'none', declineReason: 'interrupted' },
      resultEvent,
      now,
    );
  }
  if (interrupted.length > 0) deps.wakeOutbox();
  return interrupted.length;
};

/** OrderCancelled: refund every successful charge of the order, exactly once. */
export const refundCancelledOrder = async (deps: PaymentDeps, eventId: string, orderId: string) => {
  if (await deps.payments.refundCancelledOrder(eventId, orderId, refundedEvent, deps.now()))
    deps.wakeOutbox();
};
