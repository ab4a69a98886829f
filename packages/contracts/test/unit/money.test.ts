import { describe, expect, it } from 'vitest';
import { formatMoney, fractionDigitsOf, MAX_MINOR_UNITS, minorToDecimal } from '../../src/money.js';
import { MinorUnits } from '../../src/primitives.js';

describe('money formatting', () => {
  it.each([
    [12999, 'USD', '$129.99'],
    [5, 'USD', '$0.05'],
    [0, 'EUR', '€0.00'],
    [1500, 'JPY', '¥1,500'],
    [MAX_MINOR_UNITS, 'USD', '$10,000,000.00'],
  ])(
    'when %i minor units of %s are formatted in en-US, then the text is %s',
    (minor, currency, text) => {
      expect(formatMoney(minor, currency, 'en-US')).toBe(text);
    },
  );

  it('when minor units are turned into a decimal string, then the point is placed by the currency digits', () => {
    expect(minorToDecimal(1234, 2)).toBe('12.34');
    expect(minorToDecimal(-7, 2)).toBe('-0.07');
    expect(minorToDecimal(1500, fractionDigitsOf('JPY'))).toBe('1500');
    expect(() => minorToDecimal(12.5, 2)).toThrow(RangeError);
  });

  it('when the contract checks an amount, then its largest is the one formatting knows', () => {
    expect(MinorUnits.safeParse(MAX_MINOR_UNITS).success).toBe(true);
    expect(MinorUnits.safeParse(MAX_MINOR_UNITS + 1).success).toBe(false);
  });
});
