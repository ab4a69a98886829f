import { Order, type PaymentAttemptBody } from '@shop/contracts';
import {
  accountLookup,
  type CircuitBreakers,
  ConflictError,
  isRefusal,
  NotFoundError,
  type ServiceRefusedError,
  type ServiceTokenProvider,
  serviceClient,
  UnprocessableError,
} from '@shop/platform';
import type { Accounts, Orders } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/** order-service's refusal of an attempt, passed on to our caller with its code and details. */
const refusal = ({ answered, problem }: ServiceRefusedError, orderId: string) => {
  const {
    type: _type,
    title: _title,
    status: _status,
    code,
    detail,
    ...extensions
  } = problem ?? {};
  const text = detail ?? `order-service refused the payment of order ${orderId}`;
  if (answered === 404) return new NotFoundError(`No order ${orderId}`);
  if (answered === 409) return new ConflictError(code ?? 'order-not-payable', text, { extensions });
  return new UnprocessableError(code ?? 'amount-mismatch', text, { extensions });
};

/**
 * order-service with a SERVICE token (each request here is safe to send twice: reads, and
 * attempts keyed by payment and number); see `serviceClient` for what fails how.
 */
export const createOrderClient = (
  baseUrl: string,
  token: ServiceTokenProvider,
  breakers?: CircuitBreakers,
): Orders => {
  const orderService = serviceClient('order-service', baseUrl, {
    timeoutMs: TIMEOUT_MS,
    token,
    breakers,
  });
  return {
    get: async (orderId) =>
      await orderService.find(`/api/v1/orders/${orderId}`, { response: Order }),

    registerAttempt: async (orderId, body: PaymentAttemptBody) => {
      try {
        await orderService.call(`/api/v1/orders/${orderId}/payment-attempts`, {
          method: 'POST',
          body,
        });
      } catch (error) {
        // Another refusal (a token order-service does not accept yet) is not about this
        // payment: it stays a 503, try later.
        if (isRefusal(error, 404, 409, 422)) throw refusal(error, orderId);
        throw error;
      }
    },
  };
};

/** The card saved on the payer's account (null without one, or without the account). */
export const createAccountClient = (
  baseUrl: string,
  token: ServiceTokenProvider,
  breakers?: CircuitBreakers,
): Accounts => {
  const accountOf = accountLookup({ accountServiceUrl: baseUrl, token, breakers });
  return {
    savedCard: async (userId) => {
      const card = (await accountOf(userId))?.paymentMethod;
      return card ? { brand: card.brand, last4: card.last4 } : null;
    },
  };
};
