import type { AccountEvent } from '@shop/contracts';
import { TransientError } from '@shop/platform/failures';
import type { Logger } from '@shop/platform/log';
import { accountEmail, isStale } from './account-emails.js';
import { type MailTransport, PermanentDeliveryError } from './ports.js';

export type AccountEmailOutcome = 'SENT' | 'EXPIRED' | 'REJECTED';

/** What became of each account event (no token, no address, no body). */
export interface AccountEmailLog {
  handled(eventId: string): Promise<boolean>;
  record(event: AccountEvent, outcome: AccountEmailOutcome, at: Date): Promise<void>;
}

export interface AccountEmailDeps {
  log: AccountEmailLog;
  transport: MailTransport;
  /** Where the links point: the storefront's public address. */
  storefrontUrl: string;
  now: () => Date;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Sends the email an account event asks for, at most once per event as far as it can tell:
 * an event already recorded is skipped. If the process dies between the send and the record,
 * the redelivered event sends it again with the same Message-ID (at least once, never lost).
 * A mail server that does not answer is a failure of the world: the consumer retries the
 * event, however long it takes, as long as its link still works. A permanent rejection, or a
 * link that expired meanwhile, is recorded and not retried. Logs name the event and the
 * account, never the address or the token.
 */
export const sendAccountEmail = async (deps: AccountEmailDeps, event: AccountEvent) => {
  if (await deps.log.handled(event.eventId)) return;
  const ids = { eventId: event.eventId, accountId: event.accountId, type: event.type };
  if (isStale(event, deps.now())) {
    await deps.log.record(event, 'EXPIRED', deps.now());
    deps.logger?.warn(ids, 'account email not sent: its link expired before it could be');
    return;
  }
  try {
    await deps.transport.send(accountEmail(event, deps.storefrontUrl));
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError))
      throw new TransientError('the mail server did not accept the account email', {
        cause: error,
      });
    await deps.log.record(event, 'REJECTED', deps.now());
    deps.logger?.warn({ ...ids, reason: error.message }, 'account email rejected for good');
    return;
  }
  await deps.log.record(event, 'SENT', deps.now());
  deps.logger?.info(ids, 'account email sent');
};
