import { Account, Order } from '@shop/contracts';
import {
  type ServiceTokenProvider,
  UnavailableError,
  type Upstreams,
  upstreams,
} from '@shop/platform';
import type { Accounts, Orders } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/**
 * GET with a SERVICE token from one of the service's replicas; null on 404; transport failures
 * and 5xx become 503 for our caller.
 */
const getJson = async (
  replicas: Upstreams,
  path: string,
  token: ServiceTokenProvider,
  service: string,
) => {
  let response: Response;
  try {
    response = await replicas.fetch(path, {
      headers: { authorization: `Bearer ${await token()}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new UnavailableError(`${service} is unreachable; try again`, { cause: error });
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new UnavailableError(`${service} answered ${response.status}; try again`);
  return (await response.json()) as unknown;
};

export const createOrderClient = (baseUrl: string, token: ServiceTokenProvider): Orders => {
  const orderService = upstreams(baseUrl);
  return {
    get: async (orderId) => {
      const body = await getJson(orderService, `/api/v1/orders/${orderId}`, token, 'order-service');
      return body ? Order.parse(body) : null;
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
