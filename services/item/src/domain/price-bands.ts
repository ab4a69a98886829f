import { PRICE_BANDS, type PriceBand, type PriceBandKey } from '@shop/contracts';

/** The band a price (minor units) falls in; every price ≥ 0 is in exactly one. */
export const priceBandOf = (unitPrice: number): PriceBand => {
  const band = PRICE_BANDS.findLast((entry) => unitPrice >= entry.minPrice);
  if (!band) throw new RangeError(`no price band for ${unitPrice}`);
  return band;
};

export const priceBandNamed = (key: PriceBandKey): PriceBand => {
  const band = PRICE_BANDS.find((entry) => entry.band === key);
  if (!band) throw new RangeError(`no price band ${key}`);
  return band;
};

/** The lower bound of each band, in order: the boundaries the store counts prices by. */
export const PRICE_BAND_FLOORS = PRICE_BANDS.map((entry) => entry.minPrice);

export interface PriceRange {
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
}

/** minPrice/maxPrice and a band together: the prices all of them allow (inclusive bounds). */
export const priceRangeOf = ({
  minPrice,
  maxPrice,
  priceBand,
}: PriceRange & { priceBand?: PriceBandKey | undefined }): PriceRange => {
  if (!priceBand) return { minPrice, maxPrice };
  const band = priceBandNamed(priceBand);
  const low = Math.max(minPrice ?? 0, band.minPrice);
  const high =
    band.maxPrice === null
      ? maxPrice
      : Math.min(maxPrice ?? Number.MAX_SAFE_INTEGER, band.maxPrice);
  return { minPrice: low, maxPrice: high };
};

/** Counts per band from counts per band floor (bands without matches are absent there). */
export const bandCountsFrom = (byFloor: readonly { floor: number; count: number }[]) =>
  PRICE_BANDS.map((band) => ({
    ...band,
    count: byFloor.find((entry) => entry.floor === band.minPrice)?.count ?? 0,
  }));
