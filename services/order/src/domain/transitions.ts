import type { OrderStatus } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import { refuse } from './decision.js';

/** docs/contract/states.md#orders; any other move is refused (409 on the API, ignored on events) */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  PAYMENT_FAILED: ['PENDING_PAYMENT', 'PAID', 'CANCELLED'],
  PAID: ['COMPLETED', 'CANCELLED'],
  COMPLETED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus) => TRANSITIONS[from].includes(to);

/** The statuses of an order still waiting for its money: it may change, be paid or expire. */
export const UNPAID: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

export const isUnpaid = (status: OrderStatus) => UNPAID.includes(status);

/** The refusal of a transition the state machine does not allow (409 `illegal-transition`). */
export const illegalTransition = (order: { id: string; status: OrderStatus }, to: OrderStatus) =>
  refuse(
    new ConflictError(
      'illegal-transition',
      `Order ${order.id} is ${order.status} and cannot become ${to}`,
    ),
  );
