import { z } from 'zod';
import { Address, CardNumber, PageLimit, QueryInt, Text, Timestamp, Uuid } from './primitives.js';

export const ROLES = ['CUSTOMER', 'ADMIN', 'SERVICE'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Emails are compared case-insensitively; the address is kept as typed. */
// RFC 5321 limits the part before the @ to 64 characters, as `format: email` validators do.
export const Email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .regex(/^[^@]{1,64}@/, { error: 'must have at most 64 characters before the @' });

/** Bounded above so a huge password cannot make argon2 burn CPU (a cheap DoS). */
export const Password = z
  .string()
  .min(10, { error: 'must be at least 10 characters' })
  .max(128, { error: 'must be at most 128 characters' });

const PersonName = Text(100);

/** Card details as typed by the user: only brand, last 4 digits and expiry are ever kept. */
export const PaymentMethodInput = z.strictObject({
  cardNumber: CardNumber,
  expMonth: z.int().min(1).max(12),
  expYear: z.int().min(2000).max(2100),
  holderName: PersonName,
});
export type PaymentMethodInput = z.infer<typeof PaymentMethodInput>;

export const PaymentMethodSummary = z.object({
  brand: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.int(),
  expYear: z.int(),
});
export type PaymentMethodSummary = z.infer<typeof PaymentMethodSummary>;

export const RegisterAccountBody = z.strictObject({
  email: Email,
  password: Password,
  name: PersonName,
  shippingAddress: Address.optional(),
  billingAddress: Address.optional(),
  /** Checked and kept as PATCH keeps it: brand, last 4 digits and expiry only. */
  paymentMethod: PaymentMethodInput.optional(),
});
export type RegisterAccountBody = z.infer<typeof RegisterAccountBody>;

/** PATCH: every field optional; a new password needs the current one. */
export const UpdateAccountBody = z
  .strictObject({
    name: PersonName.optional(),
    shippingAddress: Address.nullable().optional(),
    billingAddress: Address.nullable().optional(),
    paymentMethod: PaymentMethodInput.nullable().optional(),
    currentPassword: z.string().max(128).optional(),
    newPassword: Password.optional(),
  })
  .refine((body) => body.newPassword === undefined || body.currentPassword !== undefined, {
    error: 'is required to change the password',
    path: ['currentPassword'],
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: 'must change at least one field',
  })
  // Both rules, as the API document states them.
  .meta({
    minProperties: 1,
    anyOf: [{ not: { required: ['newPassword'] } }, { required: ['currentPassword'] }],
  });
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>;

export const Account = z.object({
  id: Uuid,
  email: z.string(),
  name: z.string(),
  role: Role,
  shippingAddress: Address.nullable(),
  billingAddress: Address.nullable(),
  paymentMethod: PaymentMethodSummary.nullable(),
  /**
   * Whether the owner opened the verification link mailed at sign-up. Informative only: an
   * unverified account may browse and order.
   */
  emailVerified: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Account = z.infer<typeof Account>;

export const AccountIdParams = z.strictObject({ id: Uuid });

/** ADMIN's search: accounts whose email or name starts with `q` (any case), by email. */
export const AccountSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional(),
  role: z.enum(['CUSTOMER', 'ADMIN']).optional(),
  limit: PageLimit,
  cursor: z.string().max(400).optional(),
});
export type AccountSearchQuery = z.infer<typeof AccountSearchQuery>;

/** An account in a list: who it is, never a hash, an address or more of a card than brand and last 4. */
export const AccountSummary = z.object({
  id: Uuid,
  email: z.string(),
  name: z.string(),
  role: Role,
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const AccountSearchPage = z.object({
  accounts: z.array(AccountSummary),
  /** Continues the listing; null on the last page. */
  nextCursor: z.string().nullable(),
});

export const LoginBody = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(128),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) });
export type RefreshBody = z.infer<typeof RefreshBody>;

export const TokenPair = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.int(),
  refreshToken: z.string(),
});
export type TokenPair = z.infer<typeof TokenPair>;

/** OAuth 2.0 client-credentials grant (RFC 6749 §4.4), with JSON field names. */
export const ClientCredentialsBody = z.strictObject({
  grantType: z.literal('client_credentials', { error: 'must be client_credentials' }),
  clientId: z.string().min(1).max(100),
  clientSecret: z.string().min(1).max(200),
});
export type ClientCredentialsBody = z.infer<typeof ClientCredentialsBody>;

export const ServiceToken = TokenPair.omit({ refreshToken: true });
export type ServiceToken = z.infer<typeof ServiceToken>;

/** Claims of every access token (docs/contract/README.md#authentication-and-roles). */
export const AccessTokenClaims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1),
  role: Role,
  exp: z.int(),
  iat: z.int(),
  jti: z.string().min(1),
  ver: z.int().min(0),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

/**
 * `GET /api/v1/auth/revocations?since=`: the accounts whose tokens were revoked (password
 * change) within the last access-token lifetime, changed at or after `since` when given. Every
 * service polls it and refuses a token whose `ver` is below the account's `tokenVersion`.
 * Accounts are named by `subjectHash` (base64url SHA-256 of the account id), so this public
 * list reveals no account id.
 */
export const TokenRevocationsQuery = z.strictObject({
  since: Timestamp.optional(),
  wait: QueryInt(0, 30)
    .describe(
      'Long poll: seconds to hold the answer while the list is still the one `ifChanged` names',
    )
    .optional(),
  ifChanged: z
    .string()
    .max(64)
    .describe('The `fingerprint` of the previous answer (with `wait`)')
    .optional(),
});
export type TokenRevocationsQuery = z.infer<typeof TokenRevocationsQuery>;

export const TokenRevocations = z.object({
  /** Time of the answer: ask with a `since` somewhat before it next time. */
  asOf: Timestamp,
  revocations: z.array(z.object({ subjectHash: z.string().min(1), tokenVersion: z.int().min(0) })),
  /** Names the whole list of the last access-token lifetime: equal fingerprints, same list. */
  fingerprint: z.string().optional(),
});
export type TokenRevocations = z.infer<typeof TokenRevocations>;

/** One public key of the token signatures (RFC 7517): EC P-256, for ES256. */
export const PublicSigningKey = z.looseObject({
  kty: z.string().optional().describe('EC'),
  crv: z.string().optional().describe('P-256'),
  x: z.string().optional(),
  y: z.string().optional(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

/** `GET /.well-known/jwks.json`: the keys that verify access tokens. */
export const JsonWebKeySet = z.object({ keys: z.array(PublicSigningKey) });

/** A token from a password-reset or verification link (base64url, 256 random bits). */
const MailedToken = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(200)
  .regex(/^[\w-]+$/, { error: 'must be the token from the link' });

/** `POST /api/v1/auth/password-reset`: always 202, whether or not the email has an account. */
export const PasswordResetBody = z.strictObject({ email: Email });
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

/** `POST /api/v1/auth/password-reset/confirm`: the token from the email and the new password. */
export const PasswordResetConfirmBody = z.strictObject({ token: MailedToken, password: Password });
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

/** `POST /api/v1/auth/verify-email`: the token from the verification email. */
export const VerifyEmailBody = z.strictObject({ token: MailedToken });
export type VerifyEmailBody = z.infer<typeof VerifyEmailBody>;

/** 202 of an email request: what happens next, the same words whatever the account. */
export const EmailRequestAccepted = z.object({ message: z.string() });
export type EmailRequestAccepted = z.infer<typeof EmailRequestAccepted>;
