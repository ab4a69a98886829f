import type { Address } from '@shop/contracts';
import { formatMoney as formatMinorUnits } from '@shop/contracts/money';

// Emails are written in US English; amounts still use each currency's own symbol and digits.
const LOCALE = 'en-US';

/** 12999 USD → "$129.99", 1500 JPY → "¥1,500" (exact: see @shop/contracts/money). */
export const formatMoney = (minorUnits: number, currency: string) =>
  formatMinorUnits(minorUnits, currency, LOCALE);

const dateFormat = new Intl.DateTimeFormat(LOCALE, {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "Nov 21, 2026, 2:42 PM UTC": recipients live in many time zones, so say which one. */
export const formatDate = (iso: string) => `${dateFormat.format(new Date(iso))} UTC`;

/** The short order number shown to customers (the full id is in every email too). */
export const orderRef = (orderId: string) => `#${orderId.slice(0, 8).toUpperCase()}`;

export const formatAddress = (address: Address) =>
  [
    address.line1,
    address.line2,
    [address.postalCode, address.city].join(' '),
    address.state,
    address.country,
  ]
    .filter(Boolean)
    .join(', ');

// Reason codes the services put in events, said the way a customer would understand them.
const REASONS: Record<string, string> = {
  card_declined: 'the card was declined',
  insufficient_funds: 'the card has insufficient funds',
  amount_rejected: 'the amount was rejected by the card issuer',
  declined: 'the payment was declined',
  interrupted: 'the payment could not be completed',
  customer_request: 'you asked us to cancel it',
  payment_timeout: 'it was not paid in time',
  out_of_stock: 'an item sold out before we could reserve it for you',
  order_cancelled: 'the order was cancelled',
};

export const describeReason = (reason: string) => REASONS[reason] ?? reason.replaceAll('_', ' ');

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value from an event goes through this before it reaches HTML (item names are user input). */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
