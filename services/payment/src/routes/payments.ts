import {
  CreatePaymentBody,
  Payment,
  PaymentHeaders,
  PaymentIdParams,
  PaymentList,
  PaymentListQuery,
  PROBLEM_CONTENT_TYPE,
  RefundBody,
  RetryPaymentBody,
} from '@shop/contracts';
import {
  allow,
  callerOf,
  problemResponses,
  type RoutesPlugin,
  type ServiceReply,
  tagOrder,
} from '@shop/platform';
import type { StoredResponse } from '@shop/platform/idempotency';
import { chargeOrder, retryPayment } from '../domain/charging.js';
import { type CardFingerprint, fingerprintable, oncePerPaymentKey } from '../domain/idempotency.js';
import { paymentViewFor, toPublicPayment } from '../domain/model.js';
import { getPayment, listPayments, type PaymentDeps, refundPayment } from '../domain/payments.js';
import type { IdempotencyStore } from '../domain/ports.js';

const tags = ['payments'];
const signedIn = allow({ roles: ['CUSTOMER', 'ADMIN'] });
const writeResponses = { 201: Payment, ...problemResponses(400, 401, 403, 404, 409, 422, 503) };

const send = async (reply: ServiceReply, { status, body }: StoredResponse) =>
  await reply
    .status(status)
    .type(status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json')
    .send(body as never);

export const paymentRoutes: RoutesPlugin<{
  deps: PaymentDeps;
  idempotency: IdempotencyStore;
  cardFingerprint: CardFingerprint;
}> = async (app, { deps, idempotency, cardFingerprint }) => {
  /** The key's scope and the request as the key remembers it (no card number, no CVC). */
  const keyed = (
    caller: { id: string },
    operation: string,
    key: string,
    body: Parameters<typeof fingerprintable>[0],
  ) => ({
    store: idempotency,
    scope: { userId: caller.id, scope: operation, key },
    request: fingerprintable(body, cardFingerprint),
    now: deps.now(),
  });
  /** A payment an earlier request with the key created, once it is settled: its answer. */
  const settledPayment = async (paymentId: string) => {
    const payment = await deps.payments.find(paymentId);
    return payment && payment.status !== 'PROCESSING'
      ? { status: 201, body: toPublicPayment(payment) }
      : null;
  };

  app.post(
    '/api/v1/payments',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Pay an order (Idempotency-Key required); a decline is a FAILED payment',
        headers: PaymentHeaders,
        body: CreatePaymentBody,
        response: writeResponses,
      },
    },
    async (request, reply) => {
      tagOrder(request.body.orderId);
      const caller = callerOf(request);
      const paymentId = crypto.randomUUID();
      const once = {
        ...keyed(caller, 'POST /payments', request.headers['idempotency-key'], request.body),
        paymentId,
        recover: settledPayment,
      };
      return await send(
        reply,
        await oncePerPaymentKey(once, async () => ({
          status: 201,
          body: await chargeOrder(deps, caller, request.body, paymentId),
        })),
      );
    },
  );

  app.patch(
    '/api/v1/payments/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Retry a FAILED payment with a new card (Idempotency-Key required)',
        headers: PaymentHeaders,
        params: PaymentIdParams,
        body: RetryPaymentBody,
        response: { ...writeResponses, 200: Payment },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const operation = `PATCH /payments/${request.params.id}`;
      const once = keyed(caller, operation, request.headers['idempotency-key'], request.body);
      return await send(
        reply,
        await oncePerPaymentKey(once, async () => ({
          status: 200,
          body: await retryPayment(deps, caller, request.params.id, request.body.paymentMethod),
        })),
      );
    },
  );

  app.post(
    '/api/v1/payments/:id/refunds',
    {
      config: allow({ roles: ['ADMIN'] }),
      schema: {
        tags,
        summary: 'Refund part or all of a charge (ADMIN, Idempotency-Key required)',
        headers: PaymentHeaders,
        params: PaymentIdParams,
        body: RefundBody,
        response: writeResponses,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const operation = `POST /payments/${request.params.id}/refunds`;
      const once = keyed(caller, operation, request.headers['idempotency-key'], request.body);
      return await send(
        reply,
        await oncePerPaymentKey(once, async () => ({
          status: 201,
          body: await refundPayment(deps, request.params.id, request.body),
        })),
      );
    },
  );

  app.get(
    '/api/v1/payments/:id',
    {
      config: signedIn,
      schema: {
        tags,
        params: PaymentIdParams,
        response: { 200: Payment, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return paymentViewFor(caller)(await getPayment(deps, caller, request.params.id));
    },
  );

  app.get(
    '/api/v1/payments',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Payments of an order; as ADMIN every payment, newest first, with filters',
        description:
          'A CUSTOMER lists the payments of one of their orders (`orderId` required; another customer’s order lists nothing, a `userId` other than their own is 403). An ADMIN lists every payment newest first, narrowed by `status`, `userId` and `orderId`, a page at a time (`nextCursor`).',
        querystring: PaymentListQuery,
        response: { 200: PaymentList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => await listPayments(deps, callerOf(request), request.query),
  );
};
