import { z } from 'zod';
import { Timestamp, Uuid } from '../primitives.js';

/**
 * Events of `account.events` (docs/tokens.md#password-reset-and-email-verification): emails
 * account-service asks notification-service to send. Their envelope names an account, not an
 * order, so they are not saga events (`ShopEvent`); keyed by the account id.
 *
 * They carry the raw single-use token, because the email must contain it and account-service
 * keeps only its SHA-256. Only notification-service reads the topic; the token is short-lived
 * and single-use, and Kafka keeps it no longer than the topic's retention (see the docs).
 */
const AccountEnvelope = z.object({
  eventId: Uuid,
  version: z.int().min(1),
  occurredAt: Timestamp,
  source: z.literal('account-service'),
  accountId: Uuid,
});

/** Who the email goes to, as the account was when it was asked for. */
const EmailRequest = z.object({
  email: z.string().min(3).max(254),
  name: z.string().min(1).max(100),
  /** The raw token the link carries (base64url, 256 random bits). */
  token: z.string().min(20).max(200),
  /** After this the token is refused: an email sent later is useless and is skipped. */
  expiresAt: Timestamp,
});

export const PasswordResetRequested = AccountEnvelope.extend({
  type: z.literal('PasswordResetRequested'),
  data: EmailRequest,
});
export const EmailVerificationRequested = AccountEnvelope.extend({
  type: z.literal('EmailVerificationRequested'),
  data: EmailRequest,
});

export const ACCOUNT_EVENTS = [PasswordResetRequested, EmailVerificationRequested] as const;
export const AccountEvent = z.discriminatedUnion('type', ACCOUNT_EVENTS);
export type AccountEvent = z.infer<typeof AccountEvent>;
export type AccountEventType = AccountEvent['type'];

/** Creates an account event and validates it (throws a ZodError naming a bad field). */
export const createAccountEvent = <T extends AccountEventType>(
  type: T,
  input: { accountId: string; data: Extract<AccountEvent, { type: T }>['data']; occurredAt?: Date },
) =>
  AccountEvent.parse({
    eventId: globalThis.crypto.randomUUID(),
    type,
    version: 1,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    source: 'account-service',
    accountId: input.accountId,
    data: input.data,
  }) as Extract<AccountEvent, { type: T }>;
