import type {
  CartLineStatus,
  OrderPaymentStatus,
  OrderStatus,
  PaymentStatus,
} from '@shop/contracts';

/** Colour family of a badge; each has a text/background pair with at least 4.5:1 contrast. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const ORDER_STATUS: Record<OrderStatus, { label: string; tone: Tone; hint: string }> = {
  PENDING_PAYMENT: {
    label: 'Awaiting payment',
    tone: 'warning',
    hint: 'Your items are reserved until the payment deadline.',
  },
  PAYMENT_FAILED: {
    label: 'Payment failed',
    tone: 'danger',
    hint: 'The payment did not go through. Your items stay reserved: you can pay again.',
  },
  PAID: { label: 'Paid', tone: 'info', hint: 'Payment received; taking your items from stock.' },
  COMPLETED: { label: 'Completed', tone: 'success', hint: 'Paid and ready to ship.' },
  SHIPPED: { label: 'Shipped', tone: 'success', hint: 'On its way to you.' },
  DELIVERED: { label: 'Delivered', tone: 'success', hint: 'Delivered. Enjoy!' },
  CANCELLED: { label: 'Cancelled', tone: 'neutral', hint: 'This order was cancelled.' },
};

export const ORDER_PAYMENT_STATUS: Record<OrderPaymentStatus, string> = {
  NONE: 'Not paid yet',
  SUCCEEDED: 'Paid',
  FAILED: 'Payment failed',
  REFUNDED: 'Refunded',
};

export const PAYMENT_STATUS: Record<PaymentStatus, { label: string; tone: Tone }> = {
  PROCESSING: { label: 'Being confirmed', tone: 'neutral' },
  SUCCEEDED: { label: 'Succeeded', tone: 'success' },
  FAILED: { label: 'Failed', tone: 'danger' },
  PARTIALLY_REFUNDED: { label: 'Partially refunded', tone: 'info' },
  REFUNDED: { label: 'Refunded', tone: 'info' },
};

export const CART_LINE_STATUS: Record<CartLineStatus, { label: string; tone: Tone }> = {
  AVAILABLE: { label: 'In stock', tone: 'success' },
  INSUFFICIENT_STOCK: { label: 'Not enough stock', tone: 'warning' },
  UNAVAILABLE: { label: 'No longer sold', tone: 'danger' },
  UNKNOWN: { label: 'Stock unknown right now', tone: 'neutral' },
};

const FAILURE_REASONS: Record<string, string> = {
  card_declined: 'The card was declined.',
  insufficient_funds: 'The card has insufficient funds.',
  amount_rejected: 'The payment processor rejected this amount.',
  processor_declined: 'The payment processor declined the payment; try again.',
  expired_card: 'The card has expired.',
  incorrect_cvc: 'The card details are not right (security code).',
  processing_error: 'The payment gateway had an error processing the card; try again.',
  limit_exceeded: 'The payment is over the card’s transaction limit.',
};

/** `card_declined` → "The card was declined." (unknown codes are shown readably as-is). */
export const failureReason = (code: string | null): string =>
  code
    ? (FAILURE_REASONS[code] ?? `${humanize(code.replaceAll('_', ' '))}.`)
    : 'The payment failed.';

const CANCEL_REASONS: Record<string, string> = {
  customer_request: 'Cancelled at your request.',
  payment_timeout: 'Cancelled because it was not paid before the deadline.',
  out_of_stock: 'Cancelled because an item ran out of stock; any payment is refunded.',
};

/** The order's `cancelReason` code as a sentence. */
export const cancelReason = (reason: string | null): string =>
  reason
    ? (CANCEL_REASONS[reason] ?? `Cancelled: ${humanize(reason.replaceAll('_', ' '))}.`)
    : 'Cancelled.';

/** `PaymentSucceeded` → "Payment succeeded"; `order-service` → "Order service". */
export const humanize = (name: string): string => {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('-', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

/** `{brand: "visa", last4: "4242"}` → "Visa ending in 4242". */
export const cardLabel = (card: { brand: string; last4: string }): string => {
  const brand = BRANDS[card.brand.toLowerCase()] ?? humanize(card.brand || 'card');
  return `${brand} ending in ${card.last4}`;
};

/** What the admin page says about dead letters: calm when there are none. */
export const deadLetterNotice = (pending: number) =>
  pending === 0
    ? { tone: 'success' as Tone, text: 'No dead-lettered events: every saga event was handled.' }
    : {
        tone: 'warning' as Tone,
        text: `${pending} dead-lettered ${pending === 1 ? 'event waits' : 'events wait'} for an operator. Run make dlq on the server to see why and replay them.`,
      };
