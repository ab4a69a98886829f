import { hasValidCheckDigit, Upc } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { generateUpcA, gs1CheckDigit, isValidUpc } from '../src/upc';

describe('generateUpcA', () => {
  it('when UPCs are generated, then each is 12 digits the services accept', () => {
    for (let run = 0; run < 2_000; run += 1) {
      const upc = generateUpcA();
      expect(upc).toMatch(/^\d{12}$/);
      expect(hasValidCheckDigit(upc)).toBe(true);
      expect(Upc.safeParse(upc).success).toBe(true);
    }
  });

  it('when the random digits are fixed, then the check digit is the GS1 one', () => {
    // 03600029145 is the textbook UPC-A example; its check digit is 2.
    expect(generateUpcA(() => '03600029145')).toBe('036000291452');
  });

  it('when generated twice, then the codes differ (random, not a counter)', () => {
    expect(new Set(Array.from({ length: 50 }, () => generateUpcA())).size).toBeGreaterThan(45);
  });
});

describe('isValidUpc', () => {
  it.each(['036000291452', '012345678905', '4006381333931'])(
    'when the code is %s, then it agrees with @shop/contracts (valid)',
    (code) => {
      expect(isValidUpc(code)).toBe(true);
      expect(hasValidCheckDigit(code)).toBe(true);
    },
  );

  it.each(['036000291453', '12345', '03600029145a', '0360002914520', ''])(
    'when the code is "%s", then it is invalid',
    (code) => {
      expect(isValidUpc(code)).toBe(false);
    },
  );

  it('when any data digits are checked, then the check digit matches the contracts rule', () => {
    for (let value = 0; value < 500; value += 1) {
      const data = String(value * 7919).padStart(11, '0');
      expect(hasValidCheckDigit(`${data}${gs1CheckDigit(data)}`)).toBe(true);
    }
  });
});
