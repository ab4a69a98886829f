import { Account } from '@shop/contracts';
import { type CircuitBreakers, type ServiceTokenProvider, serviceClient } from '@shop/platform';
import type { Recipients } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/**
 * account-service, asked with a SERVICE token for the address to write to. 404 means the
 * account does not exist; no answer or any other answer means "try again later" (a 503, see
 * `serviceClient`).
 */
export const createAccountClient = (
  baseUrl: string,
  token: ServiceTokenProvider,
  breakers?: CircuitBreakers,
): Recipients => {
  const accountService = serviceClient({
    service: 'account-service',
    baseUrl,
    timeoutMs: TIMEOUT_MS,
    token,
    breakers,
  });
  return {
    find: async (userId) => {
      const account = await accountService.find(`/api/v1/accounts/${encodeURIComponent(userId)}`, {
        response: Account,
      });
      return account ? { email: account.email, name: account.name } : null;
    },
  };
};
