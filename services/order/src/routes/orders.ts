import {
  CancelOrderBody,
  CreateOrderBody,
  Order,
  OrderHeaders,
  OrderIdParams,
  OrderListQuery,
  OrderPage,
  PaymentAttemptBody,
  Timeline,
  UpdateOrderBody,
} from '@shop/contracts';
import { allow, callerOf, problemResponses, type RoutesPlugin, tagOrder } from '@shop/platform';
import { advanceOrder } from '../domain/advance-order.js';
import { cancelOrder } from '../domain/cancel-order.js';
import { updateOrderItems } from '../domain/change-items.js';
import { createOrder } from '../domain/create-order.js';
import type { OrderDeps } from '../domain/deps.js';
import { toPublicOrder } from '../domain/model.js';
import { registerPaymentAttempt } from '../domain/payment-attempts.js';
import { listOrders, loadVisible, timelineOf } from '../domain/read-orders.js';

const tags = ['orders'];
const signedIn = allow({ roles: ['CUSTOMER', 'ADMIN'] });
const admin = allow({ roles: ['ADMIN'] });
/** payment-service reads the order it charges (its attempts have a route of their own). */
const signedInOrPayments = allow({ roles: ['CUSTOMER', 'ADMIN'], services: ['payment-service'] });
const paymentService = allow({ services: ['payment-service'] });

export const orderRoutes: RoutesPlugin<{ deps: OrderDeps }> = async (app, { deps }) => {
  // Jaeger finds an order's requests by the tag `order.id` (infra/observability/README.md).
  app.addHook('preHandler', async (request) => {
    const { id } = request.params as { id?: string };
    if (id) tagOrder(id);
  });

  app.post(
    '/api/v1/orders',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Place an order: prices from the catalog, stock held until the payment deadline',
        headers: OrderHeaders,
        body: CreateOrderBody,
        response: { 201: Order, ...problemResponses(400, 401, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const order = await createOrder(
        deps,
        callerOf(request),
        request.body,
        request.headers['idempotency-key'],
      );
      tagOrder(order.id);
      return await reply.status(201).send(order);
    },
  );
  app.get(
    '/api/v1/orders',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Your orders, newest first; as ADMIN every order, or one customer’s (userId)',
        description:
          'A CUSTOMER lists their own orders; a `userId` other than their own is refused (403). An ADMIN lists every customer’s orders newest first (a table partitioned by day, or by status and day with `status`), or one customer’s with `userId`. `nextCursor` continues the same listing; a page may be short when a filter skips rows.',
        querystring: OrderListQuery,
        response: { 200: OrderPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => await listOrders(deps, callerOf(request), request.query),
  );
  app.get(
    '/api/v1/orders/:id',
    {
      config: signedInOrPayments,
      schema: {
        tags,
        params: OrderIdParams,
        response: { 200: Order, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => toPublicOrder(await loadVisible(deps, callerOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/orders/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Change the items of an unpaid order',
        params: OrderIdParams,
        body: UpdateOrderBody,
        response: { 200: Order, ...problemResponses(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request) =>
      await updateOrderItems(deps, callerOf(request), request.params.id, request.body.items),
  );
  app.post(
    '/api/v1/orders/:id/cancel',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Cancel (harmless to repeat); a paid order is refunded',
        params: OrderIdParams,
        body: CancelOrderBody,
        response: { 200: Order, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      await cancelOrder(deps, callerOf(request), request.params.id, request.body?.reason),
  );
  for (const [action, to] of [
    ['ship', 'SHIPPED'],
    ['deliver', 'DELIVERED'],
  ] as const) {
    app.post(
      `/api/v1/orders/:id/${action}`,
      {
        config: admin,
        schema: {
          tags,
          summary: `ADMIN: the order becomes ${to}`,
          params: OrderIdParams,
          response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => await advanceOrder(deps, callerOf(request), request.params.id, to),
    );
  }
  app.post(
    '/api/v1/orders/:id/payment-attempts',
    {
      config: paymentService,
      schema: {
        tags,
        summary:
          'SERVICE (payment-service): a charge attempt starts; the order is checked and frozen',
        description:
          'Checks that the order is the payer’s, awaits payment and costs exactly `amount`, puts the stock hold back to the order’s lines, and records the attempt: from then on the order’s items cannot change (PATCH answers 409) unless this attempt fails (PaymentFailed).',
        params: OrderIdParams,
        body: PaymentAttemptBody,
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => await registerPaymentAttempt(deps, request.params.id, request.body),
  );
  app.get(
    '/api/v1/orders/:id/timeline',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Every event about the order, from every service, in time order',
        params: OrderIdParams,
        response: { 200: Timeline, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => await timelineOf(deps, callerOf(request), request.params.id),
  );
};
