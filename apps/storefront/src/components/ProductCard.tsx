import type { Item } from '@shop/contracts';
import { Link } from 'react-router';
import { formatMoney } from '../money';
import { AddToCartButton } from './AddToCartButton';
import { ProductImage } from './ProductImage';
import { Stock } from './Stock';

/** `categoryName`: the category's display name (the item names its slug), when known. */
export const ProductCard = ({ item, categoryName }: { item: Item; categoryName?: string }) => (
  <article className="product-card" data-testid="product-card" aria-labelledby={`item-${item.id}`}>
    <Link to={`/items/${item.id}`} tabIndex={-1} aria-hidden="true" className="product-card-image">
      <ProductImage url={item.pictures[0]} alt="" />
    </Link>
    <div className="product-card-body">
      <p className="product-category">{categoryName ?? item.category}</p>
      <h2 className="product-name" id={`item-${item.id}`}>
        <Link to={`/items/${item.id}`}>{item.name}</Link>
      </h2>
      <p className="price">{formatMoney(item.unitPrice, item.currency)}</p>
      <Stock available={item.inventory.available} />
    </div>
    <AddToCartButton itemId={item.id} name={item.name} available={item.inventory.available} />
  </article>
);
