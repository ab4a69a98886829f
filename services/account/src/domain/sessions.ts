import { createHash, timingSafeEqual } from 'node:crypto';
import type { LoginBody, ServiceToken, TokenPair } from '@shop/contracts';
import { InvalidClientError, InvalidCredentialsError, InvalidRefreshTokenError } from './errors.js';
import {
  admitLogin,
  type LoginThrottle,
  loginFailed,
  loginSucceeded,
  throttleSubjects,
} from './login-throttle.js';
import type { AccountRecord } from './model.js';
import { normalizeEmail } from './model.js';
import type {
  AccountRepository,
  PasswordHasher,
  RefreshTokenRepository,
  TokenSigner,
} from './ports.js';
import { hashRefreshToken, newRefreshToken, rotationOf } from './refresh-tokens.js';

export interface SessionDeps {
  accounts: AccountRepository;
  refreshTokens: RefreshTokenRepository;
  hasher: PasswordHasher;
  signer: TokenSigner;
  now: () => Date;
  ttl: { accessSeconds: number; refreshSeconds: number; serviceSeconds: number };
  throttle: LoginThrottle;
  serviceClients: ReadonlyMap<string, string>;
}

const issueAccessToken = (deps: SessionDeps, account: AccountRecord) =>
  deps.signer.sign({
    subject: account.id,
    role: account.role,
    tokenVersion: account.tokenVersion,
    ttlSeconds: deps.ttl.accessSeconds,
  });

const refreshExpiry = (deps: SessionDeps, now: Date) =>
  new Date(now.getTime() + deps.ttl.refreshSeconds * 1000);

const tokenPair = (deps: SessionDeps, account: AccountRecord, refreshToken: string): TokenPair => ({
  accessToken: issueAccessToken(deps, account),
  tokenType: 'Bearer',
  expiresIn: deps.ttl.accessSeconds,
  refreshToken,
});

/**
 * Password login. Unknown emails cost the same argon2 work as wrong passwords and get the same
 * 401. Each attempt is counted against the account and the client address before argon2 runs;
 * at a limit the attempt is refused (429) without checking the password.
 */
export const login = async (deps: SessionDeps, body: LoginBody, clientAddress: string) => {
  const now = deps.now();
  const found = await deps.accounts.findByEmail(normalizeEmail(body.email));
  const subjects = throttleSubjects(
    deps.throttle.subjectSecret,
    found?.id ?? null,
    body.email,
    clientAddress,
  );
  await admitLogin(deps.throttle, subjects, now);
  const valid = found
    ? await deps.hasher.verify(found.passwordHash, body.password)
    : await deps.hasher.verifyAgainstDummy(body.password).then(() => false);
  if (!found || !valid) {
    await loginFailed(deps.throttle, subjects, now);
    throw new InvalidCredentialsError();
  }
  await loginSucceeded(deps.throttle, subjects, now);
  const refreshToken = newRefreshToken();
  await deps.refreshTokens.insert(
    {
      tokenHash: hashRefreshToken(refreshToken),
      familyId: crypto.randomUUID(),
      accountId: found.id,
      expiresAt: refreshExpiry(deps, now),
    },
    now,
  );
  return tokenPair(deps, found, refreshToken);
};

/** Exchanges a refresh token for a new pair; the old one is spent (rotation). */
export const refresh = async (deps: SessionDeps, presented: string) => {
  const now = deps.now();
  const replacement = newRefreshToken();
  const outcome = await deps.refreshTokens.rotate(
    hashRefreshToken(presented),
    {
      tokenHash: hashRefreshToken(replacement),
      expiresAt: refreshExpiry(deps, now),
    },
    now,
    (current) => rotationOf(current, now),
  );
  if (outcome.kind !== 'rotated') throw new InvalidRefreshTokenError();
  const account = await deps.accounts.findById(outcome.accountId);
  if (!account) throw new InvalidRefreshTokenError();
  return tokenPair(deps, account, replacement);
};

/** Ends the session the refresh token belongs to (its whole family); unknown tokens are fine. */
export const logout = async (deps: SessionDeps, presented: string) => {
  await deps.refreshTokens.revokeFamilyOf(hashRefreshToken(presented));
};

const sameSecret = (expected: string, presented: string) => {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(presented));
};

/** OAuth 2.0 client credentials: a short-lived SERVICE token for another service. */
export const issueServiceToken = (
  deps: SessionDeps,
  clientId: string,
  clientSecret: string,
): ServiceToken => {
  const expected = deps.serviceClients.get(clientId);
  if (!expected || !sameSecret(expected, clientSecret)) throw new InvalidClientError();
  return {
    accessToken: deps.signer.sign({
      subject: clientId,
      role: 'SERVICE',
      tokenVersion: 0,
      ttlSeconds: deps.ttl.serviceSeconds,
    }),
    tokenType: 'Bearer',
    expiresIn: deps.ttl.serviceSeconds,
  };
};
