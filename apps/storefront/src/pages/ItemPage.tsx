import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { listCategories } from '../api/categories';
import { getItem } from '../api/items';
import { AddToCartButton } from '../components/AddToCartButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/Field';
import { ProductImage } from '../components/ProductImage';
import { Stock } from '../components/Stock';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { formatMoney } from '../money';

/** Attribute values are free-form metadata: lists are joined, everything else printed. */
const attributeText = (value: unknown): string =>
  Array.isArray(value)
    ? value.join(', ')
    : typeof value === 'boolean'
      ? value
        ? 'Yes'
        : 'No'
      : String(value);

export const ItemPage = () => {
  const { id = '' } = useParams();
  const { data: item, error, loading } = useResource(useCallback(() => getItem(id), [id]));
  // The item names its category by slug; the tree gives the name shoppers know it by.
  const categories = useResource(listCategories);
  const [quantity, setQuantity] = useState(1);
  usePageTitle(item?.name ?? 'Product');

  if (!item) {
    return (
      <section className="page">
        <p>
          <Link to="/">← Back to the catalog</Link>
        </p>
        {loading ? <p>Loading product…</p> : <ErrorMessage error={error} />}
      </section>
    );
  }

  const available = item.inventory.available;
  const attributes = Object.entries(item.attributes);
  return (
    <section className="page">
      <p>
        <Link to="/">← Back to the catalog</Link>
      </p>
      <div className="item-layout">
        <ProductImage url={item.pictures[0]} alt={item.name} className="item-image" />
        <div className="item-details">
          <p className="product-category">
            {categories.data?.find((entry) => entry.slug === item.category)?.name ?? item.category}
          </p>
          <h1>{item.name}</h1>
          <p className="price price-large">{formatMoney(item.unitPrice, item.currency)}</p>
          <Stock available={available} />
          {item.description ? <p className="item-description">{item.description}</p> : null}
          {available > 0 ? (
            <div className="buy-row">
              <TextField
                label="Quantity"
                type="number"
                inputMode="numeric"
                min={1}
                max={Math.min(available, 1000)}
                value={quantity}
                onChange={(event) =>
                  setQuantity(Math.max(1, Number.parseInt(event.target.value, 10) || 1))
                }
                className="quantity-field"
              />
              <AddToCartButton
                itemId={item.id}
                name={item.name}
                available={available}
                quantity={quantity}
              />
            </div>
          ) : (
            <AddToCartButton itemId={item.id} name={item.name} available={available} />
          )}
          {attributes.length > 0 ? (
            <>
              <h2>Details</h2>
              <dl className="attributes">
                {attributes.map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{attributeText(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          <p className="muted small item-upc">UPC {item.upc}</p>
        </div>
      </div>
    </section>
  );
};
