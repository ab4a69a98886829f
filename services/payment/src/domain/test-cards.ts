import { DECLINE_REASONS, type DeclineReason, TEST_CARDS } from '@shop/contracts';

/** The decline reason of each documented test card, by its last four digits. */
const DECLINES_BY_LAST4 = new Map(
  TEST_CARDS.flatMap((card) =>
    (DECLINE_REASONS as readonly string[]).includes(card.outcome)
      ? [[card.number.slice(-4), card.outcome as DeclineReason] as const]
      : [],
  ),
);

/** The reason a test card always declines with; null for any other card. */
export const testCardDecline = (last4: string): DeclineReason | null =>
  DECLINES_BY_LAST4.get(last4) ?? null;

/**
 * A small seeded generator (mulberry32): the same seed gives the same draws, so a demo with
 * `PAYMENT_FAILURE_RATE` and `PAYMENT_FAILURE_SEED` declines the same payments for the same
 * reasons every run. Not for anything secret.
 */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** One of the documented decline reasons, drawn with `random` (uniformly). */
export const drawDeclineReason = (random: () => number): DeclineReason =>
  DECLINE_REASONS[
    Math.min(DECLINE_REASONS.length - 1, Math.floor(random() * DECLINE_REASONS.length))
  ] as DeclineReason;
