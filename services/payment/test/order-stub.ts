import type { IncomingHttpHeaders } from 'node:http';
import { Order, PaymentAttemptBody } from '@shop/contracts';
import { defineRoute, problem, type StubAnswer, type StubServer, startStub } from '@shop/testing';
import { createOrderBook, isRefusal, type OrderBook } from './fakes/order-book.js';

export interface OrderStub extends StubServer {
  /** The orders the stub answers for; tests place and change them as order-service would. */
  book: OrderBook;
  /** The headers of every call (authorization, traceparent), in order. */
  headers: { path: string; headers: IncomingHttpHeaders }[];
}

/** The role and subject of a bearer token (the stub trusts the account stub's signature). */
const claimsOf = (headers: IncomingHttpHeaders): { role?: unknown; sub?: unknown } | null => {
  const token = headers.authorization?.replace(/^Bearer /, '') ?? '';
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  } catch {
    return null;
  }
};

/** order-service lets payment-service in with payment-service's own SERVICE token only. */
const unlessService = (headers: IncomingHttpHeaders): StubAnswer | null => {
  const claims = claimsOf(headers);
  if (!claims) return problem(401, 'unauthorized', 'A bearer token is required');
  return claims.role === 'SERVICE' && claims.sub === 'payment-service'
    ? null
    : problem(403, 'forbidden', 'payment-service only');
};

/**
 * order-service as payment-service sees it, checked against the contracts: `GET
 * /api/v1/orders/:id` answers an `Order`, `POST /api/v1/orders/:id/payment-attempts` takes a
 * `PaymentAttemptBody` and answers the `Order` or order-service's refusal (404, 409
 * `order-not-payable`, 422 `amount-mismatch`). What the real order-service then does with the
 * attempt (refusing changes to the order until it fails) is its own suite's business.
 */
export const startOrderStub = async (book = createOrderBook()): Promise<OrderStub> => {
  const headers: OrderStub['headers'] = [];
  const server = await startStub([
    defineRoute({
      method: 'GET',
      path: '/api/v1/orders/:id',
      response: Order,
      handle: (request) => {
        headers.push({ path: `/api/v1/orders/${request.params.id}`, headers: request.headers });
        const refused = unlessService(request.headers);
        if (refused) return refused;
        const order = book.get(request.params.id ?? '');
        return order
          ? { status: 200, body: order }
          : problem(404, 'not-found', `No order ${request.params.id}`);
      },
    }),
    defineRoute<PaymentAttemptBody>({
      method: 'POST',
      path: '/api/v1/orders/:id/payment-attempts',
      request: PaymentAttemptBody,
      response: Order,
      handle: (request) => {
        const path = `/api/v1/orders/${request.params.id}/payment-attempts`;
        headers.push({ path, headers: request.headers });
        const refused = unlessService(request.headers);
        if (refused) return refused;
        const answer = book.register(request.params.id ?? '', request.body);
        return isRefusal(answer)
          ? problem(answer.status, answer.code, answer.detail)
          : { status: 200, body: answer };
      },
    }),
  ]);
  return { ...server, book, headers };
};
