import { describe, expect, it } from 'vitest';
import { Address, Currency, MinorUnits, Problem, Quantity } from '../src/index.js';

describe('money and quantities', () => {
  it('when an amount is a whole number of cents, then it is accepted', () => {
    expect(MinorUnits.parse(0)).toBe(0);
    expect(MinorUnits.parse(1999)).toBe(1999);
  });

  it('when an amount is fractional, negative, huge or a string, then it is refused', () => {
    for (const bad of [19.99, -1, 1e12, '1999', Number.NaN]) {
      expect(MinorUnits.safeParse(bad).success).toBe(false);
    }
  });

  it('when a quantity is zero, fractional or above the line limit, then it is refused', () => {
    for (const bad of [0, 1.5, -3, 1001]) expect(Quantity.safeParse(bad).success).toBe(false);
    expect(Quantity.parse(3)).toBe(3);
  });

  it('when a currency is not three upper-case letters, then it is refused', () => {
    expect(Currency.safeParse('usd').success).toBe(false);
    expect(Currency.parse('EUR')).toBe('EUR');
  });
});

describe('address', () => {
  const valid = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

  it('when an address is complete, then it is accepted', () => {
    expect(Address.parse(valid)).toEqual(valid);
  });

  it('when an address has an unknown field or a bad country, then it is refused', () => {
    expect(Address.safeParse({ ...valid, role: 'ADMIN' }).success).toBe(false);
    expect(Address.safeParse({ ...valid, country: 'USA' }).success).toBe(false);
  });
});

describe('problem details', () => {
  it('when a problem has a status outside 4xx/5xx, then it is not a problem document', () => {
    expect(Problem.safeParse({ type: 'about:blank', title: 'OK', status: 200 }).success).toBe(
      false,
    );
    expect(Problem.parse({ type: 'about:blank', title: 'Not Found', status: 404 }).status).toBe(
      404,
    );
  });
});
