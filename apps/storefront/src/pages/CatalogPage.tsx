import type { Item } from '@shop/contracts';
import { type FormEvent, useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { listCategories } from '../api/categories';
import { listItems } from '../api/items';
import { CategoryNav } from '../components/CategoryNav';
import { ErrorMessage } from '../components/ErrorMessage';
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
  const categories = useResource(listCategories);
  const browsing = categories.data?.find((entry) => entry.slug === category);
  const fetchPage = useCallback(
    (cursor?: string) =>
      listItems({
        q: q || undefined,
        category: category || undefined,
        limit: PAGE_SIZE,
        cursor,
      }).then((page) => ({ entries: page.items, nextCursor: page.nextCursor })),
    [q, category],
  );
  const { list, loading, error, loadMore } = usePagedList(fetchPage);

  const update = (next: { q?: string; category?: string }) => {
    const merged = { q, category, ...next };
    const search = new URLSearchParams();
    if (merged.q) search.set('q', merged.q);
    if (merged.category) search.set('category', merged.category);
    setParams(search);
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
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
      <ul className="product-grid">
        {(list?.entries ?? []).map((item) => (
          <li key={item.id}>
            <ProductCard item={item} />
          </li>
        ))}
      </ul>
      <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
    </section>
  );
};
