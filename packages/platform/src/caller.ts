import type { Role } from '@shop/contracts';

/** Who is calling, from a verified access token (set by the auth plugin). */
export interface Caller {
  /** Account id, or the client id of a service. */
  id: string;
  role: Role;
  /** Token version (`ver`): bumped by account-service to revoke every token of an account. */
  tokenVersion: number;
}
