/**
 * Money is an integer number of minor units (cents) everywhere in the shop. This module turns
 * it into text by working on digit strings, so no float ever touches an amount. It imports
 * nothing: the services' emails and the storefront format amounts with it alike.
 */

/** Largest amount of money accepted anywhere: 10 million in major units. */
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
 * `formatMoney(1234, 'USD')` → `"$12.34"`, `formatMoney(1500, 'JPY', 'en-US')` → `"¥1,500"`,
 * in `locale` (the runtime's own when omitted). Intl formats the exact decimal string (Intl
 * NumberFormat v3 accepts strings), so even amounts above 2^53 / 100 never get rounded.
 */
export const formatMoney = (minor: number, currency = 'USD', locale?: string): string =>
  formatterFor(currency, locale).format(
    minorToDecimal(minor, fractionDigitsOf(currency)) as Intl.StringNumericLiteral,
  );
