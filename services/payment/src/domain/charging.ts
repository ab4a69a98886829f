import type { CreatePaymentBody, PaymentCardInput } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { summarizeCard } from '@shop/platform/cards';
import { crashPoint } from '@shop/platform/crash-points';
import { ConflictError, DomainError, UnprocessableError } from '@shop/platform/errors';
import { isTransientError } from '@shop/platform/failures';
import {
  attemptKey,
  type CardSummary,
  type ChargeAttempt,
  type ChargeRequest,
  type GatewayResult,
  type PaymentRecord,
  toPublicPayment,
} from './model.js';
import { getPayment, notFound, type PaymentDeps } from './payments.js';
import { nextAttempt, settleCharge, UNCONFIRMED } from './settlement.js';

/** Three lookups, the last about 1.5 s after the gateway failed to answer. */
const LOOKUP_PAUSES_MS = [100, 400, 1_000];

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

const chargeOf = (payment: PaymentRecord): ChargeAttempt => ({
  paymentId: payment.id,
  orderId: payment.orderId,
  attempt: payment.attempt,
});

/**
 * The charge's outcome is not known here yet (the gateway or our store did not answer), but it
 * is settled: the gateway's ledger holds it, and housekeeping records it within the bound.
 */
const outcomeUnknown = (deps: PaymentDeps, payment: PaymentRecord, cause: unknown) =>
  new DomainError(
    'payment-outcome-unknown',
    503,
    `The outcome of payment ${payment.id} is not known yet; it is settled within ${Math.ceil(
      deps.interruptedAfterMs / 1000,
    )} s: read GET /api/v1/payments/${payment.id} then, and pay again only if it FAILED`,
    {
      retryAfterSeconds: Math.ceil(deps.interruptedAfterMs / 1000) + 5,
      extensions: { paymentId: payment.id },
      cause,
    },
  );

/**
 * order-service registers the attempt before the gateway is asked (and then refuses changes to
 * the order until this attempt fails). Either way nothing was charged. A refusal undoes the
 * start and is the answer; no answer closes the attempt FAILED (`order_unconfirmed`) with its
 * PaymentFailed and answers 503. If that write fails too, the attempt stays PROCESSING and
 * housekeeping voids it at the gateway and closes it the same way.
 */
const registerAttempt = async (
  deps: PaymentDeps,
  payment: PaymentRecord,
  previous: PaymentRecord | null,
) => {
  try {
    await deps.orders.registerAttempt(payment.orderId, {
      paymentId: payment.id,
      attempt: payment.attempt,
      userId: payment.userId,
      amount: payment.amount,
      currency: payment.currency,
    });
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) {
      // A refusal: order-service recorded nothing, so neither do we.
      await deps.payments.abandonCharge(chargeOf(payment), previous).catch(() => undefined);
    } else {
      // No answer: the registration may have landed and frozen the order. Closing the attempt
      // with its PaymentFailed releases the order if it did (and changes nothing if not).
      await closeUnregistered(deps, payment).catch(() => undefined);
    }
    throw error;
  }
};

/** Records the gateway's answer (domain/settlement.ts) under the order's lock. */
const record = async (deps: PaymentDeps, payment: PaymentRecord, result: GatewayResult) => {
  const charge = chargeOf(payment);
  const now = deps.now();
  return await deps.payments.recordCharge(charge, (current, order) =>
    settleCharge(current, charge, result, order, now),
  );
};

const closeUnregistered = async (deps: PaymentDeps, payment: PaymentRecord) =>
  await record(deps, payment, UNCONFIRMED);

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the gateway with the attempt's key. No answer (a timeout, the gateway unreachable) means
 * the card may or may not have been charged: the attempt is looked up, never charged again.
 */
const askGateway = async (deps: PaymentDeps, payment: PaymentRecord, request: ChargeRequest) => {
  const key = attemptKey(chargeOf(payment));
  try {
    return await deps.gateway.authorize(key, request);
  } catch (unanswered) {
    let lastError: unknown = unanswered;
    for (const ms of deps.lookupPausesMs ?? LOOKUP_PAUSES_MS) {
      await pause(ms);
      try {
        return await deps.gateway.lookup(key);
      } catch (error) {
        lastError = error;
      }
    }
    throw outcomeUnknown(deps, payment, lastError);
  }
};

/**
 * Asks the gateway and records its answer with its event, in one transaction that also refunds
 * the charge if the order is known cancelled. A store failure leaves the payment PROCESSING;
 * housekeeping then records the outcome from the gateway's ledger.
 */
const runCharge = async (deps: PaymentDeps, payment: PaymentRecord) => {
  const result = await askGateway(deps, payment, {
    amount: payment.amount,
    currency: payment.currency,
    card: payment.card,
  });
  crashPoint('payment.after-gateway-call');
  let recorded: PaymentRecord;
  try {
    recorded = await record(deps, payment, result);
  } catch (error) {
    if (isTransientError(error)) throw outcomeUnknown(deps, payment, error);
    throw error;
  }
  crashPoint('payment.after-charge-stored');
  return recorded;
};

/** POST /payments: one charge of one order; a decline is a FAILED payment, not an error. */
export const chargeOrder = async (
  deps: PaymentDeps,
  caller: Caller,
  body: CreatePaymentBody,
  /** Chosen by the caller, so an Idempotency-Key knows the payment it is creating. */
  paymentId: string = crypto.randomUUID(),
) => {
  await payableOrder(deps, caller, body.orderId, body.amount, body.currency);
  const card = await cardFor(deps, caller, body.paymentMethod);
  const now = deps.now();
  const payment: PaymentRecord = {
    id: paymentId,
    orderId: body.orderId,
    userId: caller.id,
    amount: body.amount,
    currency: body.currency,
    status: 'PROCESSING',
    attempt: 1,
    failureReason: null,
    card,
    transactionId: null,
    gatewayResponse: null,
    refundedAmount: 0,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.payments.startCharge(payment))) throw alreadyCharged(body.orderId);
  await registerAttempt(deps, payment, null);
  return toPublicPayment(await runCharge(deps, payment));
};

/** PATCH /payments/{id}: a FAILED payment charged again with a new card, as its next attempt. */
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
  const restarted = nextAttempt(payment, card, deps.now());
  if (!(await deps.payments.restartCharge(payment, restarted)))
    throw alreadyCharged(payment.orderId);
  await registerAttempt(deps, restarted, payment);
  return toPublicPayment(await runCharge(deps, restarted));
};
