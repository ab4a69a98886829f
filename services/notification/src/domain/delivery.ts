import type { Logger } from '@shop/platform/log';
import { afterFailedAttempt, claimedUntilOf, type DeliveryPolicy } from './delivery-rules.js';
import type { ClaimCandidate, ClaimedNotification, NotificationRecord } from './model.js';
import {
  type AnyRecipient,
  addressOf,
  type NotificationStore,
  PermanentDeliveryError,
  type Recipient,
  type Recipients,
  type Transport,
} from './ports.js';

export type { DeliveryPolicy } from './delivery-rules.js';

/** The few log calls delivery makes; ids and subjects only, never bodies. */
export type DeliveryLog = Pick<Logger, 'info' | 'warn'>;

/** One channel's delivery (email by default; SMS with phone recipients): same rules for both. */
export interface DeliveryDeps<R extends AnyRecipient = Recipient> {
  notifications: NotificationStore;
  recipients: Recipients<R>;
  transport: Transport<R>;
  now: () => Date;
  policy: DeliveryPolicy;
  log?: DeliveryLog;
}

export type DeliveryOutcome = 'sent' | 'retrying' | 'failed';
export type DeliveryReport = Record<DeliveryOutcome, number>;

/** The reason kept on a notification whose user has no account (any more). */
export const RECIPIENT_UNKNOWN = 'recipient-unknown';

const errorText = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

const ids = (claim: ClaimedNotification) => ({
  notificationId: claim.id,
  channel: claim.channel,
  orderId: claim.orderId,
  type: claim.type,
});

const fail = async <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  claim: ClaimedNotification,
  reason: string,
) => {
  await deps.notifications.markFailed(claim, reason, deps.now());
  deps.log?.warn({ ...ids(claim), reason }, 'notification failed for good');
  return 'failed' as const;
};

/** A failed attempt: try again later with exponential backoff, or give up (delivery-rules.ts). */
const afterFailure = async <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  claim: ClaimedNotification,
  error: unknown,
) => {
  const reason = errorText(error);
  const now = deps.now();
  const permanent = error instanceof PermanentDeliveryError;
  const verdict = afterFailedAttempt(deps.policy, claim.attempts, permanent, now);
  if (verdict.kind === 'give-up') return await fail(deps, claim, reason);
  await deps.notifications.retryLater(claim, reason, verdict.retryAt, now);
  deps.log?.warn(
    { ...ids(claim), attempts: claim.attempts + 1, reason, retryAt: verdict.retryAt },
    'notification not sent; will retry',
  );
  return 'retrying' as const;
};

/**
 * Sends one claimed notification to the address account-service knows now (so an address
 * changed after the order is honoured). Errors of account-service or the mail server count as
 * a failed attempt; errors of our own store propagate and the claim simply expires.
 */
export const deliverOne = async <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  claim: ClaimedNotification,
): Promise<DeliveryOutcome> => {
  let recipient: R | null;
  try {
    recipient = await deps.recipients.find(claim.userId);
    const { id, subject, text, html } = claim;
    if (recipient) await deps.transport.send({ id, to: recipient, subject, text, html });
  } catch (error) {
    return await afterFailure(deps, claim, error);
  }
  if (!recipient) return await fail(deps, claim, RECIPIENT_UNKNOWN);
  await deps.notifications.markSent(claim, addressOf(recipient), deps.now());
  deps.log?.info({ ...ids(claim), subject: claim.subject }, 'notification sent');
  return 'sent';
};

/** Claims a candidate as of now, for as long as one send may take. */
const claimNow = async <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  candidate: ClaimCandidate,
) => {
  const now = deps.now();
  return await deps.notifications.claim(candidate, now, claimedUntilOf(deps.policy, now));
};

/**
 * Delivers a notification right after it was stored, without looking for due ones (a scan
 * on a store without secondary indexes): it is claimed by its id in the state it was inserted
 * in, so a pass or another instance that got it first wins and this returns null.
 */
export const deliverStored = async <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  notification: NotificationRecord,
): Promise<DeliveryOutcome | null> => {
  const claim = await claimNow(deps, { ...notification, claimId: null });
  return claim ? await deliverOne(deps, claim) : null;
};

/**
 * One delivery pass, for retries and whatever the direct path did not deliver (stored while
 * this process was down or busy, or by another instance): ONE query reads up to `batch` due
 * candidates, then `concurrency` lanes claim and deliver them in turn; a candidate claimed by
 * someone else in between is skipped. Claims are exclusive, so lanes and other instances never
 * deliver the same notification at the same time. A lane stops at a failure that may pass
 * (account-service or the mail server down): the rest waits for the next pass rather than
 * hammering a dependency that is not answering.
 */
export const deliverDue = async <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  { batch = 100, concurrency = 4 } = {},
): Promise<DeliveryReport> => {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  // Shared by the lanes: each takes the next candidate nobody has taken.
  const queue = await deps.notifications.findDue(deps.now(), batch);
  const lane = async () => {
    for (let candidate = queue.shift(); candidate; candidate = queue.shift()) {
      const claim = await claimNow(deps, candidate);
      if (!claim) continue;
      const outcome = await deliverOne(deps, claim);
      report[outcome] += 1;
      if (outcome === 'retrying') return;
    }
  };
  // Settle every lane before reporting, so a pass never ends while one of its lanes still runs.
  const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
  const failure = lanes.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return report;
};
