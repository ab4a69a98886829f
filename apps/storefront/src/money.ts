/**
 * Money is an integer number of minor units (cents) everywhere in the shop. This module turns
 * it into text and back by working on digit strings, so no float ever touches an amount.
 */

/** Largest amount the services accept (packages/contracts MAX_MINOR_UNITS). */
export const MAX_MINOR_UNITS = 1_000_000_000;

const formatters = new Map<string, Intl.NumberFormat>();

const formatterFor = (currency: string, locale?: string): Intl.NumberFormat => {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
};

/** Digits after the decimal point for a currency: 2 for USD, 0 for JPY (ISO 4217 via Intl). */
export const fractionDigitsOf = (currency: string): number =>
  formatterFor(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;

/** `1234` cents → `"12.34"`: the decimal point is inserted into the digit string. */
export const minorToDecimal = (minor: number, digits: number): string => {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const padded = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${padded}`;
  const cut = padded.length - digits;
  return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
};

/**
 * `formatMoney(1234, 'USD')` → `"$12.34"`. Intl formats the exact decimal string (Intl
 * NumberFormat v3 accepts strings), so even amounts above 2^53 / 100 never get rounded.
 */
export const formatMoney = (minor: number, currency = 'USD', locale?: string): string =>
  formatterFor(currency, locale).format(
    minorToDecimal(minor, fractionDigitsOf(currency)) as Intl.StringNumericLiteral,
  );

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
