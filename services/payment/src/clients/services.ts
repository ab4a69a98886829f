import { Account, Order } from '@shop/contracts';
import { type ServiceTokenProvider, tracedFetch, UnavailableError } from '@shop/platform';
import type { Accounts, Orders } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/** GET with a SERVICE token; null on 404; transport failures and 5xx become 503 for our caller. */
const getJson = async (url: string, token: ServiceTokenProvider, service: string) => {
  let response: Response;
  try {
    response = await tracedFetch(url, {
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

export const createOrderClient = (baseUrl: string, token: ServiceTokenProvider): Orders => ({
  get: async (orderId) => {
    const body = await getJson(`${baseUrl}/api/v1/orders/${orderId}`, token, 'order-service');
    return body ? Order.parse(body) : null;
  },
});

export const createAccountClient = (baseUrl: string, token: ServiceTokenProvider): Accounts => ({
  savedCard: async (userId) => {
    const body = await getJson(`${baseUrl}/api/v1/accounts/${userId}`, token, 'account-service');
    const card = body ? Account.parse(body).paymentMethod : null;
    return card ? { brand: card.brand, last4: card.last4 } : null;
  },
});
