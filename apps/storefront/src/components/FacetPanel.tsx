import type { PriceBand, PriceBandKey, SearchFacets } from '@shop/contracts';
import { type CategoryRef, categoryFacetOptions } from '../category-facets';
import { formatMoney } from '../money';

// The bands are defined on USD-like minor units (services/item/README.md#search).
const money = (minor: number) => formatMoney(minor, 'USD').replace(/\.00$/, '');

/** "Under $10", "$10 – $50", "$100 and over": a band as a shopper reads it. */
export const priceBandLabel = ({ minPrice, maxPrice }: PriceBand) => {
  if (maxPrice === null) return `${money(minPrice)} and over`;
  if (minPrice === 0) return `Under ${money(maxPrice + 1)}`;
  return `${money(minPrice)} – ${money(maxPrice + 1)}`;
};

const FacetOption = ({
  label,
  count,
  chosen,
  onToggle,
}: {
  label: string;
  count: number;
  chosen: boolean;
  onToggle: () => void;
}) => (
  <li>
    <button
      type="button"
      className="facet-option"
      aria-pressed={chosen}
      disabled={count === 0 && !chosen}
      onClick={onToggle}
    >
      <span>{label}</span> <span className="facet-count">({count})</span>
    </button>
  </li>
);

/**
 * What the matches of the current search hold, per category and price band; choosing one
 * narrows the results, choosing it again lets it go. Each group counts its alternatives as if
 * it were not chosen, so a shopper can switch within a group.
 */
export const FacetPanel = ({
  facets,
  tree,
  category,
  priceBand,
  onChange,
}: {
  facets: SearchFacets;
  /** The category tree: names shoppers know, and which categories a chosen parent holds. */
  tree: CategoryRef[];
  category: string;
  priceBand: string;
  onChange: (next: { category?: string; priceBand?: PriceBandKey | '' }) => void;
}) => (
  <aside className="facet-panel" aria-label="Refine results">
    <section aria-labelledby="facet-category">
      <h2 id="facet-category">Category</h2>
      <ul>
        {categoryFacetOptions(facets.categories, tree, category).map((option) => (
          <FacetOption
            key={option.slug}
            label={option.label}
            count={option.count}
            chosen={option.chosen}
            onToggle={() => onChange({ category: option.chosen ? '' : option.slug })}
          />
        ))}
      </ul>
    </section>
    <section aria-labelledby="facet-price">
      <h2 id="facet-price">Price</h2>
      <ul>
        {facets.priceBands.map((band) => (
          <FacetOption
            key={band.band}
            label={priceBandLabel(band)}
            count={band.count}
            chosen={band.band === priceBand}
            onToggle={() => onChange({ priceBand: band.band === priceBand ? '' : band.band })}
          />
        ))}
      </ul>
    </section>
    {facets.complete ? null : <p className="facet-note">Counts cover the newest 10,000 matches.</p>}
  </aside>
);
