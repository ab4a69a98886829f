import type { PaymentAttemptBody } from '@shop/contracts';
import { ConflictError, NotFoundError, UnprocessableError } from '@shop/platform/errors';
import { commandOrder, type Decision, orderNotFound, refuse } from './decision.js';
import type { OrderDeps } from './deps.js';
import { holdLinesOf, requireHeld } from './holds.js';
import { attemptKey, type OrderRecord, toPublicOrder } from './model.js';
import { isUnpaid } from './transitions.js';

/**
 * payment-service may charge this attempt: the order is the payer's, awaits payment and costs
 * exactly `amount`. The attempt is recorded (`paymentAttempt`), freezing the order's items; the
 * same attempt again changes nothing, a new one replaces one that failed.
 */
export const decidePaymentAttempt = (order: OrderRecord, body: PaymentAttemptBody): Decision => {
  if (order.userId !== body.userId) return refuse(new NotFoundError(`No order ${order.id}`));
  if (!isUnpaid(order.status))
    return refuse(
      new ConflictError(
        'order-not-payable',
        `Order ${order.id} is ${order.status} and cannot be paid`,
      ),
    );
  if (order.totalAmount !== body.amount || order.currency !== body.currency)
    return refuse(
      new UnprocessableError(
        'amount-mismatch',
        `The order costs ${order.totalAmount} ${order.currency}, not ${body.amount} ${body.currency}`,
      ),
    );
  const key = attemptKey(body.paymentId, body.attempt);
  if (order.paymentAttempt === key) return null;
  return { changes: { paymentAttempt: key }, events: [] };
};

/**
 * payment-service registers a charge attempt before it asks the gateway (SERVICE only). Checked
 * and recorded in one compare-and-set on the order's version, so a concurrent change of the items
 * either lands first (and this attempt sees the new total: 422) or is refused afterwards (409).
 * Before the write, the stock hold is put back to the order's lines: they differ only when a
 * change of the order stopped between its hold and its own write (a crash), and the order is what
 * the customer saw and pays for. The same lines are a no-op at item-service.
 */
export const registerPaymentAttempt = async (
  deps: OrderDeps,
  orderId: string,
  body: PaymentAttemptBody,
) => {
  const order = await deps.orders.find(orderId);
  if (!order) throw orderNotFound(orderId);
  const registered = await commandOrder(
    deps,
    order,
    (current) => decidePaymentAttempt(current, body),
    {
      prepare: async (current) =>
        requireHeld(await deps.inventory.changeHold(current.id, holdLinesOf(current))),
      exhausted: () =>
        new ConflictError('order-changed', `Order ${orderId} keeps changing; try again`),
    },
  );
  return toPublicOrder(registered);
};
