import { type Item, PriceBandKey, type SearchFacets } from '@shop/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { listCategories } from '../api/categories';
import { listItems } from '../api/items';
import { CategoryNav } from '../components/CategoryNav';
import { ErrorMessage } from '../components/ErrorMessage';
import { FacetPanel } from '../components/FacetPanel';
import { TextField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { ProductCard } from '../components/ProductCard';
import { type Page, usePagedList } from '../hooks/usePagedList';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';

const PAGE_SIZE = 12;

const summary = (list: Page<Item> | null): string => {
  if (list === null) return 'Loading products…';
  const count = list.entries.length;
  if (count === 0) return 'No products match. Try another search or category.';
  return `Showing ${count} product${count === 1 ? '' : 's'}${list.nextCursor ? ' (more available)' : ''}.`;
};

/** Browse, search and filter the catalog; the query lives in the URL so it can be shared. */
export const CatalogPage = () => {
  usePageTitle('Catalog');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  // A band the API does not know (an edited URL) is dropped rather than sent to be refused.
  const priceBand = PriceBandKey.safeParse(params.get('priceBand')).data;
  const categories = useResource(listCategories);
  // The facets of the query they were counted for: a late answer to an older query never shows.
  const [facets, setFacets] = useState<{ key: string; facets: SearchFacets } | null>(null);
  const queryKey = JSON.stringify([q, category, priceBand]);
  const browsing = categories.data?.find((entry) => entry.slug === category);
  const categoryNames = new Map(categories.data?.map((entry) => [entry.slug, entry.name]));
  const fetchPage = useCallback(
    (cursor?: string) =>
      listItems({
        q: q || undefined,
        category: category || undefined,
        priceBand,
        limit: PAGE_SIZE,
        cursor,
      }).then((page) => {
        if (!cursor) setFacets(page.facets ? { key: queryKey, facets: page.facets } : null);
        return { entries: page.items, nextCursor: page.nextCursor };
      }),
    [q, category, priceBand, queryKey],
  );
  const { list, loading, error, loadMore } = usePagedList(fetchPage);

  const update = (next: { q?: string; category?: string; priceBand?: string }) => {
    const merged = { q, category, priceBand, ...next };
    const search = new URLSearchParams();
    if (merged.q) search.set('q', merged.q);
    if (merged.category) search.set('category', merged.category);
    if (merged.priceBand) search.set('priceBand', merged.priceBand);
    setParams(search);
  };

  // A new search keeps the category and lets the price band go: the new words set new bands.
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim(), priceBand: '' });
  };

  return (
    <section className="page">
      <h1>{q ? `Results for “${q}”` : (browsing?.name ?? 'Catalog')}</h1>
      <div className="toolbar">
        <search>
          <form className="search-form" onSubmit={onSearch} key={q}>
            <TextField
              label="Search products"
              name="q"
              type="search"
              defaultValue={q}
              placeholder="Lamp, headphones…"
              maxLength={100}
            />
            <button type="submit" className="button">
              Search
            </button>
          </form>
        </search>
      </div>
      <CategoryNav categories={categories.data ?? []} selected={category} />
      <ErrorMessage error={error ?? categories.error} />
      <p className="results-summary" aria-live="polite">
        {error ? '' : summary(list)}
      </p>
      <div className="catalog-results">
        {facets && facets.key === queryKey ? (
          <FacetPanel
            facets={facets.facets}
            tree={categories.data ?? []}
            category={category}
            priceBand={priceBand ?? ''}
            onChange={update}
          />
        ) : null}
        <div>
          <ul className="product-grid">
            {(list?.entries ?? []).map((item) => (
              <li key={item.id}>
                <ProductCard item={item} categoryName={categoryNames.get(item.category)} />
              </li>
            ))}
          </ul>
          <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
        </div>
      </div>
    </section>
  );
};
