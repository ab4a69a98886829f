import type { Caller } from '@shop/platform/caller';
import { NotFoundError } from '@shop/platform/errors';
import type { AccountRepository, RefreshTokenRepository } from './ports.js';

export interface RevocationDeps {
  accounts: Pick<AccountRepository, 'revokedSince'>;
  now: () => Date;
  /** Access-token lifetime: an older revocation revoked only tokens that have expired. */
  accessTtlSeconds: number;
}

/**
 * The revocation list every service polls: accounts whose token version moved within the last
 * access-token lifetime (and at or after `since`), as of now.
 */
export const revocationsSince = async (
  { accounts, now, accessTtlSeconds }: RevocationDeps,
  since: string | undefined,
) => {
  const asOf = now();
  const oldestRelevant = asOf.getTime() - accessTtlSeconds * 1000;
  const from = new Date(Math.max(oldestRelevant, since ? Date.parse(since) : oldestRelevant));
  return { asOf, revoked: await accounts.revokedSince(from) };
};

/**
 * Log out everywhere: the account's token version moves on (every access token it holds is
 * refused, by every service within seconds through the revocation list) and every refresh
 * token is revoked. A SERVICE token has no account to log out.
 */
export const logoutEverywhere = async (
  deps: {
    accounts: Pick<AccountRepository, 'update'>;
    refreshTokens: Pick<RefreshTokenRepository, 'revokeAllOf'>;
    now: () => Date;
  },
  caller: Caller,
) => {
  const updated =
    caller.role === 'SERVICE'
      ? null
      : await deps.accounts.update(caller.id, {}, { revokeTokens: true, now: deps.now() });
  if (!updated) throw new NotFoundError(`No account ${caller.id}`);
  await deps.refreshTokens.revokeAllOf(caller.id);
};
