import type { AccountSearchQuery, RegisterAccountBody, UpdateAccountBody } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { summarizeCard } from '@shop/platform/cards';
import { InvalidCursorError } from '@shop/platform/cursor';
import { NotFoundError, UnauthorizedError } from '@shop/platform/errors';
import { issueToken } from './account-emails.js';
import { type AccountChanges, type AccountRecord, normalizeEmail, toPublic } from './model.js';
import type { AccountRepository, PasswordHasher, RefreshTokenRepository } from './ports.js';

export interface AccountDeps {
  accounts: AccountRepository;
  refreshTokens: RefreshTokenRepository;
  hasher: PasswordHasher;
  now: () => Date;
}

const notFound = (id: string) => new NotFoundError(`No account ${id}`);

/** Self, an ADMIN, or a SERVICE may read an account; anyone else is told it does not exist. */
const mayRead = (caller: Caller, id: string) => caller.id === id || caller.role !== 'CUSTOMER';
const mayChange = (caller: Caller, id: string) => caller.id === id || caller.role === 'ADMIN';

/**
 * Whether an access token was revoked since it was issued: an account's tokens carry its token
 * version (`ver`), which a password change moves on; a token of a deleted account is revoked
 * too. SERVICE tokens belong to no account and are never revoked here (they expire quickly).
 */
export const isAccessRevoked = async (
  accounts: Pick<AccountRepository, 'tokenVersionOf'>,
  caller: Caller,
) =>
  caller.role !== 'SERVICE' && (await accounts.tokenVersionOf(caller.id)) !== caller.tokenVersion;

/** Mails a new account its verification link (account-emails.ts). */
export interface VerificationMailer {
  ttlSeconds: number;
  wakeOutbox: () => void;
}

/**
 * A new CUSTOMER, with the addresses and card given (the card checked and summarised as PATCH
 * does: only brand, last 4 digits and expiry are kept). A bad card is refused before the
 * password is hashed, so a refusal costs no argon2 time. With a `mailer`, the verification
 * token and the event mailing it are stored with the account, in one transaction.
 */
export const registerAccount = async (
  deps: AccountDeps,
  body: RegisterAccountBody,
  mailer?: VerificationMailer,
) => {
  const now = deps.now();
  const paymentMethod = body.paymentMethod ? summarizeCard(body.paymentMethod, now) : null;
  const account: AccountRecord = {
    id: crypto.randomUUID(),
    email: body.email.trim(),
    name: body.name,
    role: 'CUSTOMER',
    passwordHash: await deps.hasher.hash(body.password),
    tokenVersion: 1,
    shippingAddress: body.shippingAddress ?? null,
    billingAddress: body.billingAddress ?? null,
    paymentMethod,
    emailVerifiedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.accounts.insert(
    account,
    mailer && issueToken(account, 'EMAIL_VERIFICATION', mailer.ttlSeconds, now),
  );
  mailer?.wakeOutbox();
  return toPublic(account);
};

/** What a list shows of an account: no hash, no addresses, of the card only brand and last 4. */
const toSummary = (account: AccountRecord) => ({
  id: account.id,
  email: account.email,
  name: account.name,
  role: account.role,
  card: account.paymentMethod
    ? { brand: account.paymentMethod.brand, last4: account.paymentMethod.last4 }
    : null,
  createdAt: account.createdAt.toISOString(),
});

const encodeAfter = (account: AccountRecord) =>
  Buffer.from(normalizeEmail(account.email)).toString('base64url');

const decodeAfter = (cursor: string) => {
  const email = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!email.includes('@') || email.length > 254 || email !== normalizeEmail(email))
    throw new InvalidCursorError();
  return email;
};

/** ADMIN: accounts whose email or name starts with `q`, by email, a page at a time. */
export const searchAccounts = async (deps: AccountDeps, query: AccountSearchQuery) => {
  const found = await deps.accounts.search({
    q: query.q,
    role: query.role,
    // One more than the page: whether another page follows, without a count.
    limit: query.limit + 1,
    after: query.cursor ? decodeAfter(query.cursor) : null,
  });
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    accounts: page.map(toSummary),
    nextCursor: found.length > query.limit && last ? encodeAfter(last) : null,
  };
};

export const getAccount = async (deps: AccountDeps, caller: Caller, id: string) => {
  const account = mayRead(caller, id) ? await deps.accounts.findById(id) : null;
  if (!account) throw notFound(id);
  return toPublic(account);
};

/**
 * Changes profile fields; a new password needs the current one and revokes every access and
 * refresh token of the account.
 */
export const updateAccount = async (
  deps: AccountDeps,
  caller: Caller,
  id: string,
  body: UpdateAccountBody,
) => {
  const current = mayChange(caller, id) ? await deps.accounts.findById(id) : null;
  if (!current) throw notFound(id);
  const now = deps.now();
  const changes: AccountChanges = {
    name: body.name,
    shippingAddress: body.shippingAddress,
    billingAddress: body.billingAddress,
    paymentMethod: body.paymentMethod && summarizeCard(body.paymentMethod, now),
  };
  if (body.paymentMethod === null) changes.paymentMethod = null;
  const changingPassword = body.newPassword !== undefined;
  if (changingPassword) {
    if (!(await deps.hasher.verify(current.passwordHash, body.currentPassword ?? ''))) {
      throw new UnauthorizedError('The current password is incorrect');
    }
    changes.passwordHash = await deps.hasher.hash(body.newPassword ?? '');
  }
  const updated = await deps.accounts.update(id, changes, { revokeTokens: changingPassword, now });
  if (!updated) throw notFound(id);
  if (changingPassword) await deps.refreshTokens.revokeAllOf(id);
  return toPublic(updated);
};

/** Creates the configured first ADMIN if no account has its email yet (idempotent). */
export const bootstrapAdmin = async (
  deps: AccountDeps,
  admin: { email: string; password: string; name: string },
): Promise<'created' | 'exists'> => {
  if (await deps.accounts.findByEmail(normalizeEmail(admin.email))) return 'exists';
  const now = deps.now();
  try {
    await deps.accounts.insert({
      id: crypto.randomUUID(),
      email: admin.email,
      name: admin.name,
      role: 'ADMIN',
      passwordHash: await deps.hasher.hash(admin.password),
      tokenVersion: 1,
      shippingAddress: null,
      billingAddress: null,
      paymentMethod: null,
      emailVerifiedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return 'created';
  } catch (error) {
    // Another instance bootstrapped it at the same moment.
    if (await deps.accounts.findByEmail(normalizeEmail(admin.email))) return 'exists';
    throw error;
  }
};
