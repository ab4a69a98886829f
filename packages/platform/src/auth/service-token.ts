import { ServiceToken } from '@shop/contracts';
import { UnavailableError } from '../errors.js';
import type { CircuitBreakers } from '../http/circuit-breaker.js';
import { isRefusal, serviceClient } from '../http/service-client.js';
import type { BaseUrls } from '../upstreams.js';

export interface ServiceTokenOptions {
  /** account-service, or its replicas (tried one after the other when one cannot be reached). */
  accountServiceUrl: BaseUrls;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  /** The service's breakers: the grant shares account-service's with the other calls to it. */
  breakers?: CircuitBreakers;
}

/** Returns a valid SERVICE token for calls to other services, fetched once and renewed before expiry. */
export type ServiceTokenProvider = () => Promise<string>;

/**
 * Client-credentials grant at account-service with a cached token, renewed 30 s before it
 * expires; concurrent callers share one request. Any refusal is a 503 for our caller: the
 * service's own credentials are wrong, or account-service cannot check them now.
 */
export const serviceTokenProvider = ({
  accountServiceUrl,
  clientId,
  clientSecret,
  timeoutMs = 3_000,
  breakers,
}: ServiceTokenOptions): ServiceTokenProvider => {
  const accountService = serviceClient('account-service', accountServiceUrl, {
    timeoutMs,
    breakers,
  });
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const fetchToken = async () => {
    const { accessToken, expiresIn } = await accountService
      .call('/api/v1/auth/token', {
        method: 'POST',
        body: { grantType: 'client_credentials', clientId, clientSecret },
        response: ServiceToken,
      })
      .catch((error: unknown) => {
        if (!isRefusal(error)) throw error;
        throw new UnavailableError(
          `account-service refused the service credentials (${error.answered})`,
        );
      });
    cached = { token: accessToken, renewAt: Date.now() + (expiresIn - 30) * 1000 };
    return accessToken;
  };

  return async () => {
    if (cached && Date.now() < cached.renewAt) return cached.token;
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return await inFlight;
  };
};
