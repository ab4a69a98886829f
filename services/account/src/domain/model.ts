import type { Address, PaymentMethodSummary, Role } from '@shop/contracts';

/** An account as stored, with its secrets; never sent to a client as is (see `toPublic`). */
export interface AccountRecord {
  id: string;
  email: string;
  name: string;
  role: Exclude<Role, 'SERVICE'>;
  passwordHash: string;
  /** Bumped to revoke every access token issued before (the `ver` claim). */
  tokenVersion: number;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  paymentMethod: PaymentMethodSummary | null;
  /** When the owner proved the email is theirs (the verification link); null until then. */
  emailVerifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AccountChanges = Partial<
  Pick<
    AccountRecord,
    'name' | 'shippingAddress' | 'billingAddress' | 'paymentMethod' | 'passwordHash'
  >
>;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const toPublic = ({
  passwordHash: _hash,
  tokenVersion: _version,
  emailVerifiedAt,
  ...account
}: AccountRecord) => ({
  ...account,
  emailVerified: emailVerifiedAt !== null,
  createdAt: account.createdAt.toISOString(),
  updatedAt: account.updatedAt.toISOString(),
});
