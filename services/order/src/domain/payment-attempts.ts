import type { PaymentAttemptBody } from '@shop/contracts';
import { ConflictError, NotFoundError, UnprocessableError } from '@shop/platform/errors';
import { attemptKey, type OrderRecord, toPublicOrder, UNPAID } from './model.js';
import { InsufficientStockError, type OrderDeps } from './orders.js';

/** The order may be charged `amount` now: it awaits payment and costs exactly that. */
const requirePayable = (order: OrderRecord, { amount, currency }: PaymentAttemptBody) => {
  if (!UNPAID.includes(order.status)) {
    throw new ConflictError(
      'order-not-payable',
      `Order ${order.id} is ${order.status} and cannot be paid`,
    );
  }
  if (order.totalAmount !== amount || order.currency !== currency) {
    throw new UnprocessableError(
      'amount-mismatch',
      `The order costs ${order.totalAmount} ${order.currency}, not ${amount} ${currency}`,
    );
  }
};

/**
 * Puts the stock hold back to the order's lines. They differ only when a change of the order
 * stopped between its hold and its own write (a crash): the order is what the customer saw and
 * pays for, so the hold follows it. The same lines are a no-op at item-service.
 */
const alignHold = async (deps: OrderDeps, order: OrderRecord) => {
  const lines = order.items.map(({ itemId, quantity }) => ({ itemId, quantity }));
  const hold = await deps.inventory.changeHold(order.id, lines);
  if (!hold.ok) throw new InsufficientStockError(hold.shortLines);
};

/**
 * payment-service registers a charge attempt before it asks the gateway (SERVICE only). Checked
 * and recorded in one LWT on the order's version, so a concurrent change of the items either
 * lands first (and this attempt sees the new total: 422) or is refused afterwards (409). From
 * then on the customer is charged for exactly these items and this hold. Registering the same
 * attempt again is harmless; a new attempt replaces one that failed.
 */
export const registerPaymentAttempt = async (
  deps: OrderDeps,
  orderId: string,
  body: PaymentAttemptBody,
) => {
  const key = attemptKey(body.paymentId, body.attempt);
  let order = await deps.orders.find(orderId);
  for (let round = 0; round < 10; round += 1) {
    if (!order || order.userId !== body.userId) throw new NotFoundError(`No order ${orderId}`);
    requirePayable(order, body);
    await alignHold(deps, order);
    if (order.paymentAttempt === key) return toPublicOrder(order);
    const now = deps.now();
    const changes = { paymentAttempt: key };
    if (
      await deps.orders.update(order, { expectedVersion: order.version, changes, events: [], now })
    )
      return toPublicOrder({ ...order, ...changes, version: order.version + 1, updatedAt: now });
    order = await deps.orders.find(orderId);
  }
  throw new ConflictError('order-changed', `Order ${orderId} keeps changing; try again`);
};
