import { accountLookup, type CircuitBreakers, type ServiceTokenProvider } from '@shop/platform';
import type { Recipients } from '../domain/ports.js';
import { cachedRecipients } from './cached-recipients.js';

/** An order's saga emails come seconds apart; ten thousand recipients are about a megabyte. */
const RECIPIENT_CACHE = { ttlMs: 60_000, max: 10_000 };

/**
 * account-service, asked with a SERVICE token for the address to write to. No account (404)
 * is null; no answer or any other answer means "try again later" (503). Found addresses are
 * remembered for a while (cached-recipients.ts).
 */
export const createAccountClient = (
  baseUrl: string,
  token: ServiceTokenProvider,
  breakers?: CircuitBreakers,
): Recipients => {
  const accountOf = accountLookup({ accountServiceUrl: baseUrl, token, breakers });
  const recipients: Recipients = {
    find: async (userId) => {
      const account = await accountOf(userId);
      return account ? { email: account.email, name: account.name } : null;
    },
  };
  return cachedRecipients(recipients, RECIPIENT_CACHE);
};
