import type { Gateway } from './ports.js';

export interface SimulatorOptions {
  /** Share of otherwise approved payments to decline at random (demos). */
  failureRate: number;
  latencyMs: number;
  random?: () => number;
}

/**
 * The payment gateway simulator (PRODUCT.md §6), deterministic for tests: a card ending 0002 is
 * declined, 9995 has insufficient funds, an amount of exactly 99900 is rejected.
 */
export const createGatewaySimulator = ({
  failureRate,
  latencyMs,
  random = Math.random,
}: SimulatorOptions): Gateway => ({
  authorize: async ({ amount, card }) => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const transactionId = `sim_${crypto.randomUUID().replaceAll('-', '')}`;
    const decline = (declineReason: string) => ({ approved: false, transactionId, declineReason });
    if (card.last4 === '0002') return decline('card_declined');
    if (card.last4 === '9995') return decline('insufficient_funds');
    if (amount === 99_900) return decline('amount_rejected');
    if (failureRate > 0 && random() < failureRate) return decline('processor_declined');
    return { approved: true, transactionId };
  },
});
