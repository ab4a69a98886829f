import { Account, Order, type PaymentAttemptBody, Problem } from '@shop/contracts';
import {
  ConflictError,
  NotFoundError,
  type ServiceTokenProvider,
  UnavailableError,
  UnprocessableError,
  type Upstreams,
  upstreams,
} from '@shop/platform';
import type { Accounts, Orders } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/**
 * A request with a SERVICE token to one of the service's replicas (each request here is safe to
 * send twice: reads, and attempts keyed by payment and number); transport failures become 503
 * for our caller.
 */
const call = async (
  replicas: Upstreams,
  path: string,
  token: ServiceTokenProvider,
  service: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) => {
  try {
    return await replicas.fetch(path, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${await token()}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new UnavailableError(`${service} is unreachable; try again`, { cause: error });
  }
};

/** GET with a SERVICE token; null on 404; 5xx become 503 for our caller. */
const getJson = async (
  replicas: Upstreams,
  path: string,
  token: ServiceTokenProvider,
  service: string,
) => {
  const response = await call(replicas, path, token, service);
  if (response.status === 404) return null;
  if (!response.ok) throw new UnavailableError(`${service} answered ${response.status}; try again`);
  return (await response.json()) as unknown;
};

/** order-service's refusal of an attempt, passed on to our caller with its code and details. */
const refusal = async (response: Response, orderId: string) => {
  const parsed = Problem.safeParse(await response.json().catch(() => null));
  const {
    type: _type,
    title: _title,
    status: _status,
    code,
    detail,
    ...extensions
  }: Partial<Problem> = parsed.success ? parsed.data : {};
  const text = detail ?? `order-service refused the payment of order ${orderId}`;
  if (response.status === 404) return new NotFoundError(`No order ${orderId}`);
  if (response.status === 409)
    return new ConflictError(code ?? 'order-not-payable', text, { extensions });
  return new UnprocessableError(code ?? 'amount-mismatch', text, { extensions });
};

export const createOrderClient = (baseUrl: string, token: ServiceTokenProvider): Orders => {
  const orderService = upstreams(baseUrl);
  return {
    get: async (orderId) => {
      const body = await getJson(orderService, `/api/v1/orders/${orderId}`, token, 'order-service');
      return body ? Order.parse(body) : null;
    },

    registerAttempt: async (orderId, body: PaymentAttemptBody) => {
      const response = await call(
        orderService,
        `/api/v1/orders/${orderId}/payment-attempts`,
        token,
        'order-service',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      if (response.ok) return;
      if ([404, 409, 422].includes(response.status)) throw await refusal(response, orderId);
      // 5xx, or a token order-service does not accept (yet): not about this payment, try later.
      throw new UnavailableError(`order-service answered ${response.status}; try again`);
    },
  };
};

export const createAccountClient = (baseUrl: string, token: ServiceTokenProvider): Accounts => {
  const accountService = upstreams(baseUrl);
  return {
    savedCard: async (userId) => {
      const path = `/api/v1/accounts/${userId}`;
      const body = await getJson(accountService, path, token, 'account-service');
      const card = body ? Account.parse(body).paymentMethod : null;
      return card ? { brand: card.brand, last4: card.last4 } : null;
    },
  };
};
