import { accountLookup, type CircuitBreakers, type ServiceTokenProvider } from '@shop/platform';
import type { Recipients } from '../domain/ports.js';

/**
 * account-service, asked with a SERVICE token for the address to write to. No account (404)
 * is null; no answer or any other answer means "try again later" (503).
 */
export const createAccountClient = (
  baseUrl: string,
  token: ServiceTokenProvider,
  breakers?: CircuitBreakers,
): Recipients => {
  const accountOf = accountLookup({ accountServiceUrl: baseUrl, token, breakers });
  return {
    find: async (userId) => {
      const account = await accountOf(userId);
      return account ? { email: account.email, name: account.name } : null;
    },
  };
};
