import type { Address, Problem, RequestedLine } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { fromProblem, UnavailableError } from '@shop/platform/errors';
import type { OrderDeps } from './deps.js';
import { createdEvent } from './events.js';
import { holdTtlSeconds, requireHeld } from './holds.js';
import { createOncePerKey } from './idempotency.js';
import type { OrderRecord, PublicOrder } from './model.js';
import { type PricedLines, priceLines } from './pricing.js';
import { resolveLines } from './requested-lines.js';

export interface NewOrderBody {
  /** By item id or by UPC (resolved at item-service when the order is placed). */
  items: RequestedLine[];
  shippingAddress?: Address | undefined;
}

/** A new order as the customer placed it: unpaid, priced, due within the payment deadline. */
export const newOrderRecord = (input: {
  id: string;
  userId: string;
  priced: PricedLines;
  shippingAddress: Address | null;
  now: Date;
  paymentDeadlineSeconds: number;
}): OrderRecord => ({
  id: input.id,
  userId: input.userId,
  status: 'PENDING_PAYMENT',
  ...input.priced,
  shippingAddress: input.shippingAddress,
  paymentStatus: 'NONE',
  paymentId: null,
  cancelReason: null,
  stockCommitted: false,
  paymentAttempt: null,
  expiresAt: new Date(input.now.getTime() + input.paymentDeadlineSeconds * 1000),
  createdAt: input.now,
  updatedAt: input.now,
  version: 1,
});

/**
 * Creates an order: prices from item-service, the stock hold placed through item-service, then
 * the order and its OrderCreated event written together. If the write fails after the hold
 * succeeded, the hold is released. An Idempotency-Key makes a retried request get the first
 * answer again: the order it created, or its refusal (thrown again as the same problem).
 */
export const createOrder = async (
  deps: OrderDeps,
  caller: Caller,
  body: NewOrderBody,
  idempotencyKey?: string,
): Promise<PublicOrder> => {
  const orderId = crypto.randomUUID();
  const answer = await createOncePerKey(
    deps,
    { userId: caller.id, key: idempotencyKey, body, orderId },
    async () => await placeOrder(deps, caller, orderId, body),
  );
  if (answer.status >= 400) throw fromProblem(answer.body as Problem & Record<string, unknown>);
  return answer.body as PublicOrder;
};

const placeOrder = async (
  deps: OrderDeps,
  caller: Caller,
  orderId: string,
  body: NewOrderBody,
): Promise<OrderRecord> => {
  const lines = await resolveLines(deps.inventory, body.items);
  const priced = await priceLines(deps.inventory, lines);
  const order = newOrderRecord({
    id: orderId,
    userId: caller.id,
    priced,
    shippingAddress: body.shippingAddress ?? null,
    now: deps.now(),
    paymentDeadlineSeconds: deps.paymentDeadlineSeconds,
  });
  requireHeld(
    await deps.inventory.placeHold(orderId, lines, holdTtlSeconds(deps.paymentDeadlineSeconds)),
  );
  try {
    if (!(await deps.orders.create(order, createdEvent(order))))
      throw new Error(`order id ${orderId} already exists`);
  } catch (error) {
    await deps.inventory.releaseHold(orderId).catch(() => undefined);
    throw new UnavailableError('The order could not be stored; nothing was charged or held', {
      cause: error,
    });
  }
  return order;
};
