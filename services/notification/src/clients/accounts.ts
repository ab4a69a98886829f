import { Account } from '@shop/contracts';
import { type ServiceTokenProvider, UnavailableError, upstreams } from '@shop/platform';
import type { Recipients } from '../domain/ports.js';

const TIMEOUT_MS = 5_000;

/**
 * account-service, asked with a SERVICE token for the address to write to. 404 means the
 * account does not exist; a transport failure or any other answer means "try again later".
 */
export const createAccountClient = (baseUrl: string, token: ServiceTokenProvider): Recipients => {
  const accountService = upstreams(baseUrl);
  return {
    find: async (userId) => {
      let response: Response;
      try {
        response = await accountService.fetch(`/api/v1/accounts/${encodeURIComponent(userId)}`, {
          headers: { authorization: `Bearer ${await token()}` },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        if (error instanceof UnavailableError) throw error;
        throw new UnavailableError('account-service is unreachable', { cause: error });
      }
      if (response.status === 404) return null;
      if (!response.ok) throw new UnavailableError(`account-service answered ${response.status}`);
      const account = Account.parse(await response.json());
      return { email: account.email, name: account.name };
    },
  };
};
