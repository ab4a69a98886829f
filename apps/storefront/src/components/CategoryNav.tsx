import { Link, useSearchParams } from 'react-router';
import type { Category } from '../api/categories';

/** The catalog's URL with `category` set (or removed), the search kept. */
const searchWith = (params: URLSearchParams, slug: string | null) => {
  const next = new URLSearchParams(params);
  next.delete('cursor');
  if (slug) next.set('category', slug);
  else next.delete('category');
  const text = next.toString();
  return text ? `?${text}` : '';
};

/**
 * Browse by category: the tree as nested lists, each category with the items of its subtree;
 * following one filters the list to that subtree. The chosen one is the current page.
 */
export const CategoryNav = ({
  categories,
  selected,
}: {
  categories: Category[];
  selected: string;
}) => {
  const [params] = useSearchParams();
  const childrenOf = (parent: string | null) => categories.filter((c) => c.parent === parent);
  const branch = (parent: string | null) => {
    const children = childrenOf(parent);
    if (children.length === 0) return null;
    return (
      <ul>
        {children.map((category) => (
          <li key={category.slug}>
            <Link
              to={{ search: searchWith(params, category.slug) }}
              aria-current={category.slug === selected ? 'page' : undefined}
              data-category={category.slug}
            >
              {category.name} <span className="category-count">({category.total})</span>
            </Link>
            {branch(category.slug)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <nav className="category-nav" aria-label="Categories">
      <h2>Categories</h2>
      <Link
        to={{ search: searchWith(params, null) }}
        aria-current={selected === '' ? 'page' : undefined}
      >
        All products
      </Link>
      {branch(null)}
    </nav>
  );
};
