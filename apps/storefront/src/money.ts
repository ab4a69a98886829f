/**
 * Money is an integer number of minor units (cents) everywhere in the shop. Turning it into text
 * is the services' own code (@shop/contracts/money); this module adds reading what a person
 * types back into minor units, on digit strings too, so no float ever touches an amount.
 */
import {
  formatMoney,
  fractionDigitsOf,
  MAX_MINOR_UNITS,
  minorToDecimal,
} from '@shop/contracts/money';

export { formatMoney, fractionDigitsOf, MAX_MINOR_UNITS, minorToDecimal };

export type ParsedAmount = { ok: true; minor: number } | { ok: false; error: string };

// Whole part with optional thousands separators, then an optional fraction.
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parses what a person types as a price ("12", "12.5", "1,299.00") into minor units by
 * splitting the string: `"12.34"` → 1234. Refuses negatives, letters, and more decimals than
 * the currency has ("1.234" is not a dollar amount), instead of rounding them away.
 */
export const parseMoneyInput = (input: string, currency = 'USD'): ParsedAmount => {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter an amount' };
  if (text.startsWith('-')) return { ok: false, error: 'The amount must not be negative' };
  const match = AMOUNT.exec(text);
  if (!match) return { ok: false, error: 'Enter an amount such as 12.34' };
  const digits = fractionDigitsOf(currency);
  const whole = (match[1] ?? '').replaceAll(',', '');
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      error: digits === 0 ? 'This currency has no decimals' : `Use at most ${digits} decimals`,
    };
  }
  // Concatenating digit strings is the whole trick: "12" + "34" is 1234 cents.
  const minorText = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  if (minorText.length > String(MAX_MINOR_UNITS).length || Number(minorText) > MAX_MINOR_UNITS) {
    return {
      ok: false,
      error: `The amount must be at most ${formatMoney(MAX_MINOR_UNITS, currency, 'en-US')}`,
    };
  }
  return { ok: true, minor: Number(minorText) };
};
