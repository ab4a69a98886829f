import type { Order, OrderStatus, PaymentAttemptBody } from '@shop/contracts';

/** order-service's refusal of a payment attempt, as its problem+json says it. */
export interface Refusal {
  status: 404 | 409 | 422;
  code: string;
  detail: string;
}

export interface OrderBook {
  /** A new order awaiting payment (one line), as order-service answers for it. */
  place(input: { userId: string; totalAmount?: number; currency?: string }): Order;
  /** The order as order-service would answer now, or null. */
  get(orderId: string): Order | null;
  /** What a PATCH, a cancellation or the saga did to the order at order-service. */
  update(orderId: string, changes: Partial<Pick<Order, 'status' | 'totalAmount'>>): Order;
  /** Registers a charge attempt with order-service's checks: the order, or its refusal. */
  register(orderId: string, body: PaymentAttemptBody): Order | Refusal;
  /** Every attempt order-service accepted, in order. */
  attempts: (PaymentAttemptBody & { orderId: string })[];
}

const PAYABLE: OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

export const isRefusal = (answer: Order | Refusal): answer is Refusal => 'code' in answer;

/**
 * Orders as order-service keeps them, in memory, for the HTTP stub of order-service (service
 * suite) and the fake Orders port (unit tests). `register` checks an attempt as order-service's
 * registerPaymentAttempt does: not the payer's → 404, not awaiting payment → 409
 * `order-not-payable`, another total → 422 `amount-mismatch`; else it is recorded.
 */
export const createOrderBook = (): OrderBook => {
  const orders = new Map<string, Order>();
  const attempts: OrderBook['attempts'] = [];
  const get = (orderId: string) => {
    const order = orders.get(orderId);
    return order ? structuredClone(order) : null;
  };
  const save = (order: Order, changes: Partial<Order>) => {
    const updated = {
      ...order,
      ...changes,
      version: order.version + 1,
      updatedAt: new Date().toISOString(),
    };
    orders.set(order.id, updated);
    return structuredClone(updated);
  };
  return {
    attempts,
    get,
    place: ({ userId, totalAmount = 2_500, currency = 'USD' }) => {
      const now = new Date();
      const order: Order = {
        id: crypto.randomUUID(),
        userId,
        status: 'PENDING_PAYMENT',
        items: [
          {
            itemId: crypto.randomUUID(),
            upc: '036000291452',
            name: 'Thing',
            unitPrice: totalAmount,
            quantity: 1,
            lineTotal: totalAmount,
          },
        ],
        totalAmount,
        currency,
        shippingAddress: null,
        paymentStatus: 'NONE',
        paymentId: null,
        cancelReason: null,
        expiresAt: new Date(now.getTime() + 900_000).toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      };
      orders.set(order.id, order);
      return structuredClone(order);
    },
    update: (orderId, changes) => {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId} in the book`);
      return save(order, changes);
    },
    register: (orderId, body) => {
      const order = orders.get(orderId);
      if (!order || order.userId !== body.userId)
        return { status: 404, code: 'not-found', detail: `No order ${orderId}` };
      if (!PAYABLE.includes(order.status))
        return {
          status: 409,
          code: 'order-not-payable',
          detail: `Order ${orderId} is ${order.status} and cannot be paid`,
        };
      if (order.totalAmount !== body.amount || order.currency !== body.currency)
        return {
          status: 422,
          code: 'amount-mismatch',
          detail: `The order costs ${order.totalAmount} ${order.currency}, not ${body.amount} ${body.currency}`,
        };
      attempts.push({ ...body, orderId });
      return save(order, {});
    },
  };
};
