import { TransientError } from '@shop/platform/failures';
import { type ChargeRequest, type GatewayResult, VOIDED } from './model.js';
import type { Gateway, GatewayLedger, LedgerEntry } from './ports.js';
import { drawDeclineReason, testCardDecline } from './test-cards.js';

export interface SimulatorOptions {
  /**
   * Share of otherwise approved payments to decline at random (demos), each with a reason drawn
   * among the test cards' (`random` seeded by PAYMENT_FAILURE_SEED repeats a demo).
   */
  failureRate: number;
  /** Share of calls whose answer is lost after the gateway recorded it (outcome unknown). */
  timeoutRate: number;
  latencyMs: number;
  random?: () => number;
  now?: () => Date;
}

/** The last 4 digits of the test card whose every charge times out (4000 0000 0000 0408). */
export const TIMEOUT_CARD_LAST4 = '0408';

/**
 * The gateway took the call but its answer never came back: the caller cannot know whether the
 * card was charged. A failure about the world; the attempt's outcome is found with `lookup`.
 */
export class GatewayTimeoutError extends TransientError {
  constructor(attemptKey: string) {
    super(`the payment gateway did not answer in time for attempt ${attemptKey}`);
  }
}

/**
 * A processor's answer to a charge, by the deterministic test-card rules of
 * docs/contract/services.md#payment-service: each documented test card declines with its reason
 * (`0002` card_declined, `9995` insufficient_funds, `0069` expired_card, `0127` incorrect_cvc,
 * `0119` processing_error, `6975` limit_exceeded), an amount of exactly 99900 is rejected, and
 * `failureRate` declines a share of the rest with a reason drawn among the test cards'.
 */
export const decide = (
  { amount, card }: ChargeRequest,
  { failureRate, random }: { failureRate: number; random: () => number },
): { approved: boolean; declineReason: string | null } => {
  const testDecline = testCardDecline(card.last4);
  if (testDecline) return { approved: false, declineReason: testDecline };
  if (amount === 99_900) return { approved: false, declineReason: 'amount_rejected' };
  if (failureRate > 0 && random() < failureRate)
    return { approved: false, declineReason: drawDeclineReason(random) };
  return { approved: true, declineReason: null };
};

/**
 * The gateway's raw answer, shaped like a processor's charge object: what an operator reads to
 * see what the processor said (kept beside the payment, shown to ADMIN only). It holds the
 * card's brand and last 4 digits only, as the ledger does.
 */
export const rawAnswer = (entry: LedgerEntry): Record<string, unknown> => ({
  id: entry.transactionId,
  object: 'charge',
  status: entry.approved ? 'succeeded' : 'failed',
  outcome: entry.approved
    ? { type: 'authorized', networkStatus: 'approved_by_network' }
    : {
        type: entry.declineReason === VOIDED ? 'voided' : 'issuer_declined',
        networkStatus: 'declined_by_network',
        reason: entry.declineReason ?? 'declined',
      },
  ...(entry.request
    ? {
        amount: entry.request.amount,
        currency: entry.request.currency,
        card: { brand: entry.request.card.brand, last4: entry.request.card.last4 },
      }
    : {}),
  created: entry.createdAt.toISOString(),
  simulator: true,
});

const transactionId = () => `sim_${crypto.randomUUID().replaceAll('-', '')}`;

const toResult = (entry: LedgerEntry): GatewayResult =>
  entry.approved
    ? { approved: true, transactionId: entry.transactionId, raw: rawAnswer(entry) }
    : {
        approved: false,
        transactionId: entry.transactionId,
        declineReason: entry.declineReason ?? 'declined',
        raw: rawAnswer(entry),
      };

/** A key reused for another charge is a bug of the caller, as real processors treat it. */
const requireSameRequest = (attemptKey: string, entry: LedgerEntry, request: ChargeRequest) => {
  const recorded = entry.request;
  if (
    recorded &&
    (recorded.amount !== request.amount ||
      recorded.currency !== request.currency ||
      recorded.card.last4 !== request.card.last4)
  )
    throw new Error(`gateway idempotency key ${attemptKey} was used for another charge`);
};

/**
 * The payment gateway simulator, with a memory like a real processor's: a ledger keyed by the
 * attempt's idempotency key, written in the gateway's own statements (it stands for an outside
 * system, never part of payment-service's transactions). Each key's outcome is settled exactly
 * once, by the first authorize (the decision) or lookup (a void), and every later call gets it.
 */
export const createGatewaySimulator = (
  ledger: GatewayLedger,
  {
    failureRate,
    timeoutRate,
    latencyMs,
    random = Math.random,
    now = () => new Date(),
  }: SimulatorOptions,
): Gateway => ({
  authorize: async (attemptKey, request) => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    let entry = await ledger.find(attemptKey);
    if (!entry) {
      const decision = decide(request, { failureRate, random });
      entry = await ledger.settle(attemptKey, {
        ...decision,
        transactionId: transactionId(),
        request,
        createdAt: now(),
      });
    }
    requireSameRequest(attemptKey, entry, request);
    // The answer is lost on its way back: recorded at the gateway, unknown to the caller.
    if (request.card.last4 === TIMEOUT_CARD_LAST4 || (timeoutRate > 0 && random() < timeoutRate))
      throw new GatewayTimeoutError(attemptKey);
    return toResult(entry);
  },

  lookup: async (attemptKey) =>
    toResult(
      (await ledger.find(attemptKey)) ??
        (await ledger.settle(attemptKey, {
          approved: false,
          transactionId: transactionId(),
          declineReason: VOIDED,
          request: null,
          createdAt: now(),
        })),
    ),
});
