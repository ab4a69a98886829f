import type { Caller } from '@shop/platform/caller';
import { UnauthorizedError } from '@shop/platform/errors';

/**
 * Why tickets: an EventSource cannot send an Authorization header. Putting the access token in
 * the stream's URL would write a 15-minute bearer token for the whole API into access logs,
 * proxy logs and browser history; a cookie would need CSRF defences the API has no use for
 * otherwise. A ticket is asked for with the bearer token (POST), is good for one stream of that
 * account only, once, for a short while: a leaked one is worth next to nothing.
 */
export interface StreamTicketStore {
  /** A new random ticket of `userId`, valid until `expiresAt` (expired ones are purged). */
  issue(userId: string, expiresAt: Date, now: Date): Promise<string>;
  /** The user a ticket was issued to, consuming it; null when unknown, used or expired. */
  redeem(ticket: string, now: Date): Promise<string | null>;
}

export interface StreamTicketDeps {
  tickets: StreamTicketStore;
  now: () => Date;
  ticketTtlSeconds: number;
}

export const issueStreamTicket = async (deps: StreamTicketDeps, caller: Caller) => {
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.ticketTtlSeconds * 1000);
  const ticket = await deps.tickets.issue(caller.id, expiresAt, now);
  return { ticket, expiresAt: expiresAt.toISOString() };
};

/** The account a stream is for; 401 for a ticket that is unknown, used or expired. */
export const redeemStreamTicket = async (deps: StreamTicketDeps, ticket: string) => {
  const userId = await deps.tickets.redeem(ticket, deps.now());
  if (!userId)
    throw new UnauthorizedError(
      'The stream ticket is unknown, used or expired: ask POST /api/v1/notifications/stream-tickets for a new one',
    );
  return userId;
};
