import { PRICE_BANDS } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { priceBandLabel } from '../src/components/FacetPanel';

describe('priceBandLabel', () => {
  it('when the search facets list the price bands, then each reads as a shopper says it', () => {
    expect(PRICE_BANDS.map(priceBandLabel)).toEqual([
      'Under $10',
      '$10 – $50',
      '$50 – $100',
      '$100 and over',
    ]);
  });
});
