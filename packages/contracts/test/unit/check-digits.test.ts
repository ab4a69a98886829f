import { describe, expect, it } from 'vitest';
import {
  gs1CheckDigit,
  hasValidCheckDigit,
  isValidUpc,
  passesLuhn,
} from '../../src/check-digits.js';
import { Upc } from '../../src/index.js';

describe('passesLuhn', () => {
  it.each(['4242424242424242', '4000000000000002', '378282246310005', '6011111111111117'])(
    'when the number is the test card %s, then it passes',
    (digits) => {
      expect(passesLuhn(digits)).toBe(true);
    },
  );

  it('when one digit of a valid number changes, then it fails', () => {
    for (let position = 0; position < 16; position += 1) {
      const digits = [...'4242424242424242'];
      digits[position] = String((Number(digits[position]) + 1) % 10);
      expect(passesLuhn(digits.join(''))).toBe(false);
    }
  });
});

describe('GS1 check digits', () => {
  it('when the data digits are the textbook UPC-A 03600029145, then the check digit is 2', () => {
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(hasValidCheckDigit('036000291452')).toBe(true);
  });

  it.each(['036000291452', '012345678905', '4006381333931'])(
    'when the code is %s, then it is a valid UPC and the Upc contract accepts it',
    (code) => {
      expect(isValidUpc(code)).toBe(true);
      expect(Upc.safeParse(code).success).toBe(true);
    },
  );

  it.each(['036000291453', '12345', '03600029145a', '0360002914520', ''])(
    'when the code is "%s", then it is not a valid UPC and the contract refuses it',
    (code) => {
      expect(isValidUpc(code)).toBe(false);
      expect(Upc.safeParse(code).success).toBe(false);
    },
  );

  it('when the code is empty, then it has no valid check digit', () => {
    expect(hasValidCheckDigit('')).toBe(false);
  });
});
