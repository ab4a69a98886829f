import { describe, expect, it } from 'vitest';
import { formatMoney, MAX_MINOR_UNITS, minorToDecimal, parseMoneyInput } from '../src/money';

describe('parseMoneyInput', () => {
  it.each([
    ['12.34', 1234],
    ['12', 1200],
    ['12.5', 1250],
    ['0.07', 7],
    ['0', 0],
    ['  19.99 ', 1999],
    ['1,299.00', 129900],
    ['999.00', 99900],
    ['007.10', 710],
    ['10000000', MAX_MINOR_UNITS],
  ])('when the input is "%s", then it is %i cents', (input, cents) => {
    expect(parseMoneyInput(input)).toEqual({ ok: true, minor: cents });
  });

  it('when amounts are parsed, then no float rounding creeps in (0.29 + 0.01 style cases)', () => {
    for (let cents = 0; cents < 10_000; cents += 1) {
      const text = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(parseMoneyInput(text)).toEqual({ ok: true, minor: cents });
    }
  });

  it.each([
    ['1.234', /at most 2 decimals/],
    ['abc', /such as 12.34/],
    ['-1', /must not be negative/],
    ['-0.50', /must not be negative/],
    ['', /Enter an amount/],
    ['   ', /Enter an amount/],
    ['1e3', /such as 12.34/],
    ['12.', /such as 12.34/],
    ['.5', /such as 12.34/],
    ['1,23', /such as 12.34/],
    ['$12', /such as 12.34/],
    ['12.34.56', /such as 12.34/],
    ['0x10', /such as 12.34/],
    ['10000000.01', /at most \$10,000,000.00/],
    ['99999999999999999999', /at most/],
  ])('when the input is "%s", then it is refused', (input, message) => {
    const parsed = parseMoneyInput(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('when the currency has no minor unit (JPY), then decimals are refused and whole yen kept', () => {
    expect(parseMoneyInput('500', 'JPY')).toEqual({ ok: true, minor: 500 });
    expect(parseMoneyInput('500.5', 'JPY').ok).toBe(false);
  });
});

describe('formatMoney', () => {
  it.each([
    [1234, 'USD', '$12.34'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [99900, 'USD', '$999.00'],
    [123456789, 'USD', '$1,234,567.89'],
    [-250, 'USD', '-$2.50'],
    [1500, 'EUR', '€15.00'],
    [1500, 'JPY', '¥1,500'],
  ])('when %i minor units of %s are shown, then the text is %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency, 'en-US')).toBe(text);
  });

  it('when the amount is larger than a float can hold in cents exactly, then every digit is kept', () => {
    expect(formatMoney(9_007_199_254_740_991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('when the amount is not an integer, then it is refused rather than rounded', () => {
    expect(() => formatMoney(12.5, 'USD', 'en-US')).toThrow(RangeError);
  });

  it('when minor units become a decimal string, then the point is placed by the currency digits', () => {
    expect(minorToDecimal(7, 2)).toBe('0.07');
    expect(minorToDecimal(1234, 2)).toBe('12.34');
    expect(minorToDecimal(1234, 0)).toBe('1234');
    expect(minorToDecimal(-7, 2)).toBe('-0.07');
  });
});
