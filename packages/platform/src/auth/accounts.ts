import { Account } from '@shop/contracts';
import type { CircuitBreakers } from '../http/circuit-breaker.js';
import { serviceClient } from '../http/service-client.js';
import type { BaseUrls } from '../upstreams.js';
import type { ServiceTokenProvider } from './service-token.js';

export interface AccountLookupOptions {
  /** account-service, or its replicas. */
  accountServiceUrl: BaseUrls;
  token: ServiceTokenProvider;
  breakers?: CircuitBreakers | undefined;
  timeoutMs?: number;
}

/**
 * A user's account at account-service, asked with a SERVICE token: null when there is no such
 * account; no answer is a 503 (see `serviceClient`). Services keep only what they need of it.
 */
export const accountLookup = ({
  accountServiceUrl,
  token,
  breakers,
  timeoutMs = 5_000,
}: AccountLookupOptions) => {
  const accountService = serviceClient('account-service', accountServiceUrl, {
    timeoutMs,
    token,
    breakers,
  });
  return async (userId: string): Promise<Account | null> =>
    await accountService.find(`/api/v1/accounts/${encodeURIComponent(userId)}`, {
      response: Account,
    });
};
