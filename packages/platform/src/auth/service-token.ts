import { ServiceToken } from '@shop/contracts';
import { UnavailableError } from '../errors.js';
import { type BaseUrls, upstreams } from '../upstreams.js';

export interface ServiceTokenOptions {
  /** account-service, or its replicas (tried one after the other when one cannot be reached). */
  accountServiceUrl: BaseUrls;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

/** Returns a valid SERVICE token for calls to other services, fetched once and renewed before expiry. */
export type ServiceTokenProvider = () => Promise<string>;

/**
 * Client-credentials grant at account-service with a cached token, renewed 30 s before it
 * expires; concurrent callers share one request.
 */
export const serviceTokenProvider = ({
  accountServiceUrl,
  clientId,
  clientSecret,
  timeoutMs = 3_000,
}: ServiceTokenOptions): ServiceTokenProvider => {
  const accountService = upstreams(accountServiceUrl);
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const fetchToken = async () => {
    const response = await accountService
      .fetch('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grantType: 'client_credentials', clientId, clientSecret }),
        signal: AbortSignal.timeout(timeoutMs),
      })
      .catch((error: unknown) => {
        throw new UnavailableError('account-service is unreachable', { cause: error });
      });
    if (!response.ok)
      throw new UnavailableError(
        `account-service refused the service credentials (${response.status})`,
      );
    const { accessToken, expiresIn } = ServiceToken.parse(await response.json());
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
