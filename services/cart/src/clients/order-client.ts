import { Order } from '@shop/contracts';
import {
  type CircuitBreakers,
  DomainError,
  isRefusal,
  type ServiceRefusedError,
  serviceClient,
} from '@shop/platform';
import type { Orders } from '../domain/ports.js';

const TIMEOUT_MS = 10_000;

/**
 * order-service's problem for the customer's request (short stock with its lines, unknown
 * items, a reused Idempotency-Key, ...) passed on as is: it is about what the customer asked.
 * (401 is not: the customer's token was accepted here, so order-service is misconfigured.)
 */
const relayable = (error: unknown): error is ServiceRefusedError =>
  isRefusal(error) && error.problem !== null && error.answered !== 401;

const relayed = ({ answered, problem }: ServiceRefusedError) => {
  const {
    type,
    title: _title,
    status: _status,
    code,
    detail,
    errors,
    ...extensions
  } = problem ?? {};
  const name = code ?? type?.split('/').pop();
  return new DomainError(
    name || 'order-refused',
    answered,
    detail ?? `order-service refused the order (${answered})`,
    { extensions, errors },
  );
};

/**
 * order-service (one of its replicas; the Idempotency-Key makes a second send safe), called
 * with the customer's own credentials.
 */
export const createOrderClient = (baseUrl: string, breakers?: CircuitBreakers): Orders => {
  const orderService = serviceClient('order-service', baseUrl, { timeoutMs: TIMEOUT_MS, breakers });
  return {
    place: async (credentials, request, idempotencyKey) => {
      try {
        return await orderService.call('/api/v1/orders', {
          method: 'POST',
          authorization: credentials,
          headers: { 'idempotency-key': idempotencyKey },
          body: request,
          response: Order,
        });
      } catch (error) {
        throw relayable(error) ? relayed(error) : error;
      }
    },
  };
};
