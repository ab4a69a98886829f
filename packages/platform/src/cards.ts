import type { PaymentMethodSummary } from '@shop/contracts';
import { passesLuhn } from '@shop/contracts/check-digits';
import { UnprocessableError } from './errors.js';

export { passesLuhn };

const BRANDS: [brand: string, prefix: RegExp][] = [
  ['amex', /^3[47]/],
  ['visa', /^4/],
  ['mastercard', /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/],
  ['discover', /^(6011|65|64[4-9])/],
  ['jcb', /^35(2[89]|[3-8]\d)/],
  ['diners', /^3(0[0-5]|[689])/],
];

export const detectBrand = (digits: string): string =>
  BRANDS.find(([, prefix]) => prefix.test(digits))?.[0] ?? 'unknown';

/**
 * Checks a card and keeps only what may be stored: brand, last 4 digits and expiry. The full
 * number never leaves this function, and no error message repeats it.
 */
export const summarizeCard = (
  input: { cardNumber: string; expMonth: number; expYear: number },
  now: Date,
  path = 'body.paymentMethod',
): PaymentMethodSummary => {
  const digits = input.cardNumber.replace(/[ -]/g, '');
  // The shape (13 to 19 digits) is the contract's; the check digit and the expiry are rules its
  // schema can only name, so a number or date that breaks them is 422.
  if (!/^\d{13,19}$/.test(digits) || !passesLuhn(digits)) {
    throw new UnprocessableError('invalid-card', 'The card number is not valid', {
      errors: [{ path: `${path}.cardNumber`, message: 'is not a valid card number' }],
    });
  }
  if (input.expYear * 12 + (input.expMonth - 1) < now.getUTCFullYear() * 12 + now.getUTCMonth()) {
    throw new UnprocessableError('expired-card', 'The card has expired', {
      errors: [{ path: `${path}.expYear`, message: 'the card has expired' }],
    });
  }
  return {
    brand: detectBrand(digits),
    last4: digits.slice(-4),
    expMonth: input.expMonth,
    expYear: input.expYear,
  };
};
