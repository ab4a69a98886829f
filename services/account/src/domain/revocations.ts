import type { Caller } from '@shop/platform/caller';
import { NotFoundError } from '@shop/platform/errors';
import type { AccountRepository, RefreshTokenRepository } from './ports.js';

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
