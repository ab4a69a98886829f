import { FieldError, Order, PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import { DomainError, UnavailableError, upstreams } from '@shop/platform';
import type { Orders } from '../domain/ports.js';

const TIMEOUT_MS = 10_000;

/**
 * order-service's problem for the customer's request (short stock with its lines, unknown
 * items, a reused Idempotency-Key, ...) passed on as is: it is about what the customer asked.
 */
const relayedProblem = async (response: Response) => {
  const problem = (await response.json()) as Record<string, unknown>;
  const { type, title: _title, status: _status, code, detail, errors, ...extensions } = problem;
  const name =
    typeof code === 'string'
      ? code
      : String(type ?? 'order-refused')
          .split('/')
          .pop();
  return new DomainError(
    name ?? 'order-refused',
    response.status,
    typeof detail === 'string' ? detail : `order-service refused the order (${response.status})`,
    { extensions, errors: FieldError.array().safeParse(errors).data },
  );
};

/** order-service (one of its replicas; the Idempotency-Key makes a second send safe). */
export const createOrderClient = (baseUrl: string): Orders => {
  const orderService = upstreams(baseUrl);
  return {
    place: async (credentials, request, idempotencyKey) => {
      let response: Response;
      try {
        response = await orderService.fetch('/api/v1/orders', {
          method: 'POST',
          headers: {
            authorization: credentials,
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
          },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new UnavailableError('order-service is unreachable; try again', { cause: error });
      }
      if (response.status === 201) return Order.parse(await response.json());
      const isProblem = response.headers.get('content-type')?.startsWith(PROBLEM_CONTENT_TYPE);
      // 401: the customer's token was accepted here, so order-service is misconfigured, not them.
      if (isProblem && response.status >= 400 && response.status < 500 && response.status !== 401)
        throw await relayedProblem(response);
      throw new UnavailableError(`order-service answered ${response.status}; try again`);
    },
  };
};
