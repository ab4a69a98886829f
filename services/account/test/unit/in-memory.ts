import type { AccountDeps } from '../../src/domain/accounts.js';
import { EmailTakenError } from '../../src/domain/errors.js';
import { type AccountRecord, normalizeEmail } from '../../src/domain/model.js';
import type {
  AccessTokenRequest,
  AccountRepository,
  LoginAttemptRepository,
  NewRefreshToken,
  PasswordHasher,
  RefreshTokenRepository,
} from '../../src/domain/ports.js';
import type { StoredRefreshToken } from '../../src/domain/refresh-tokens.js';
import type { SessionDeps } from '../../src/domain/sessions.js';
import type { AttemptWindow } from '../../src/domain/throttle.js';

// In-memory ports with the repositories' semantics. Each method reads, decides and writes with
// no await in between: as atomic as the row-locked transaction it stands for.

/** accounts_db's accounts: the normalized email is unique; revoking moves the token version. */
export const inMemoryAccounts = () => {
  const rows = new Map<string, AccountRecord>();
  const byEmail = (email: string) =>
    [...rows.values()].find((row) => normalizeEmail(row.email) === normalizeEmail(email)) ?? null;
  const repository: AccountRepository = {
    insert: async (account) => {
      if (byEmail(account.email)) throw new EmailTakenError();
      rows.set(account.id, { ...account });
    },
    findById: async (id) => {
      const row = rows.get(id);
      return row ? { ...row } : null;
    },
    findByEmail: async (email) => {
      const row = byEmail(email);
      return row ? { ...row } : null;
    },
    update: async (id, changes, { revokeTokens, now }) => {
      const row = rows.get(id);
      if (!row) return null;
      const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
      Object.assign(row, Object.fromEntries(defined), { updatedAt: now });
      if (revokeTokens) row.tokenVersion += 1;
      return { ...row };
    },
    search: async ({ q, role, limit, after }) =>
      [...rows.values()]
        .filter(
          (row) =>
            !q ||
            normalizeEmail(row.email).startsWith(q.toLowerCase()) ||
            row.name.toLowerCase().startsWith(q.toLowerCase()),
        )
        .filter((row) => !role || row.role === role)
        .filter((row) => after === null || normalizeEmail(row.email) > after)
        .sort((a, b) => normalizeEmail(a.email).localeCompare(normalizeEmail(b.email)))
        .slice(0, limit)
        .map((row) => ({ ...row })),
    tokenVersionOf: async (id) => rows.get(id)?.tokenVersion ?? null,
    revokedSince: async (since) =>
      [...rows.values()]
        .filter((row) => row.updatedAt >= since && row.tokenVersion > 1)
        .map(({ id, tokenVersion, updatedAt }) => ({ id, tokenVersion, changedAt: updatedAt })),
  };
  return { repository, rows };
};

interface TokenRow extends StoredRefreshToken {
  createdAt: Date;
}

/** refresh_tokens: a rotation retires the token and adds its successor to the family. */
export const inMemoryRefreshTokens = () => {
  const rows = new Map<string, TokenRow>();
  const revokeWhere = (match: (row: TokenRow) => boolean) => {
    for (const row of rows.values()) if (match(row)) row.status = 'REVOKED';
  };
  const add = (token: NewRefreshToken, now: Date) => {
    rows.set(token.tokenHash, {
      familyId: token.familyId,
      accountId: token.accountId,
      status: 'ACTIVE',
      expiresAt: token.expiresAt,
      createdAt: now,
    });
  };
  const repository: RefreshTokenRepository = {
    insert: async (token, now) => add(token, now),
    rotate: async (presentedHash, replacement, now, decide) => {
      const current = rows.get(presentedHash) ?? null;
      const outcome = decide(current ? { ...current } : null);
      if (current && outcome.kind === 'reused')
        revokeWhere((row) => row.familyId === current.familyId);
      if (current && outcome.kind === 'rotated') {
        current.status = 'ROTATED';
        add({ ...replacement, familyId: outcome.familyId, accountId: outcome.accountId }, now);
      }
      return outcome;
    },
    revokeFamilyOf: async (tokenHash) => {
      const family = rows.get(tokenHash)?.familyId;
      if (family) revokeWhere((row) => row.familyId === family);
    },
    revokeAllOf: async (accountId) => revokeWhere((row) => row.accountId === accountId),
  };
  return { repository, rows };
};

/** login_throttle: one counter per subject, created fresh at its first change. */
export const inMemoryLoginAttempts = () => {
  const rows = new Map<string, AttemptWindow>();
  const repository: LoginAttemptRepository = {
    change: async (subject, now, decide) => {
      const current = rows.get(subject) ?? {
        attempts: 0,
        windowStartedAt: now,
        blockedUntil: null,
      };
      const { next, outcome } = decide({ ...current });
      rows.set(subject, next);
      return outcome;
    },
    clear: async (subject) => {
      rows.delete(subject);
    },
  };
  return { repository, rows };
};

/** A hasher without argon2's cost, counting the checks an unknown email pays for. */
export const fakeHasher = () => {
  const state = { dummyChecks: 0 };
  const hasher: PasswordHasher = {
    hash: async (password) => `hashed:${password}`,
    verify: async (hash, password) => hash === `hashed:${password}`,
    verifyAgainstDummy: async () => {
      state.dummyChecks += 1;
    },
  };
  return { hasher, state };
};

/** A signer that writes the claims it was asked for in clear, so tests can read them. */
export const fakeSigner = () => ({
  sign: (request: AccessTokenRequest) => `token:${JSON.stringify(request)}`,
});

export const claimsOf = (token: string) =>
  JSON.parse(token.slice('token:'.length)) as AccessTokenRequest;

const THROTTLE = { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 300 };

/** account-service's domain over in-memory ports, at a clock the test moves. */
export const accountWorld = () => {
  const accounts = inMemoryAccounts();
  const refreshTokens = inMemoryRefreshTokens();
  const loginAttempts = inMemoryLoginAttempts();
  const hashing = fakeHasher();
  const clock = { now: new Date('2030-01-01T10:00:00.000Z') };
  const now = () => new Date(clock.now);
  const accountDeps: AccountDeps = {
    accounts: accounts.repository,
    refreshTokens: refreshTokens.repository,
    hasher: hashing.hasher,
    now,
  };
  const sessionDeps: SessionDeps = {
    ...accountDeps,
    signer: fakeSigner(),
    ttl: { accessSeconds: 900, refreshSeconds: 3_600, serviceSeconds: 300 },
    throttle: {
      attempts: loginAttempts.repository,
      subjectSecret: 'a throttle subject secret',
      perAccount: THROTTLE,
      perAddress: { ...THROTTLE, maxFailures: 5 },
    },
    serviceClients: new Map([['order-service', 'an order-service secret']]),
  };
  const advance = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  return { accountDeps, sessionDeps, accounts, refreshTokens, loginAttempts, hashing, advance };
};
