import type { AccountRepository } from './ports.js';

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
