/**
 * The payment simulator's documented test cards, as payment processors publish theirs: each
 * declines with one reason, whatever the expiry or name. payment-service decides by them
 * (services/payment/src/domain/test-cards.ts) and the storefront's checkout lists them.
 */
export const DECLINE_REASONS = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'processing_error',
  'limit_exceeded',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export interface TestCard {
  number: string;
  /** What the simulator answers: approved, a decline reason, or a lost answer (timeout). */
  outcome: 'approved' | DeclineReason | 'timeout';
  description: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', outcome: 'approved', description: 'Succeeds' },
  { number: '4000000000000002', outcome: 'card_declined', description: 'Declined: card declined' },
  {
    number: '4000000000009995',
    outcome: 'insufficient_funds',
    description: 'Declined: insufficient funds',
  },
  { number: '4000000000000069', outcome: 'expired_card', description: 'Declined: expired card' },
  {
    number: '4000000000000127',
    outcome: 'incorrect_cvc',
    description: 'Declined: invalid card details (CVC)',
  },
  {
    number: '4000000000000119',
    outcome: 'processing_error',
    description: 'Declined: processing error at the gateway',
  },
  {
    number: '4000000000006975',
    outcome: 'limit_exceeded',
    description: 'Declined: transaction limit exceeded',
  },
  {
    number: '4000000000000408',
    outcome: 'timeout',
    description: 'Gateway times out; charged, settled by a lookup',
  },
];
