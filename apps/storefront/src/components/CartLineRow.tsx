import type { CartLine } from '@shop/contracts';
import { Link } from 'react-router';
import { CART_LINE_STATUS } from '../labels';
import { formatMoney } from '../money';
import { Badge } from './Badge';
import { ProductImage } from './ProductImage';

type Props = {
  line: CartLine;
  busy: boolean;
  onQuantity: (itemId: string, quantity: number) => void;
  onRemove: (itemId: string) => void;
};

/** What the shopper can do about a line that cannot be bought as it is. */
const advice = (line: CartLine): string | null => {
  switch (line.status) {
    case 'INSUFFICIENT_STOCK':
      return line.available && line.available > 0
        ? `Only ${line.available} available: lower the quantity to check out.`
        : 'Sold out for now: remove it to check out.';
    case 'UNAVAILABLE':
      return 'This item has left the catalog: remove it to check out.';
    case 'UNKNOWN':
      return 'We could not check the stock just now; try again shortly.';
    default:
      return null;
  }
};

export const CartLineRow = ({ line, busy, onQuantity, onRemove }: Props) => {
  const name = line.name ?? 'Item no longer available';
  const status = CART_LINE_STATUS[line.status];
  const tip = advice(line);
  return (
    <li className="cart-line" data-testid="cart-line" data-status={line.status}>
      <ProductImage url={line.picture} alt="" className="cart-line-image" />
      <div className="cart-line-info">
        <h2 className="cart-line-name">
          {line.name ? <Link to={`/items/${line.itemId}`}>{name}</Link> : name}
        </h2>
        <p className="muted">
          {line.unitPrice === null
            ? 'Price unavailable'
            : `${formatMoney(line.unitPrice, line.currency)} each`}
        </p>
        <Badge tone={status.tone} data-testid="cart-line-status" data-status={line.status}>
          {status.label}
        </Badge>
        {tip ? <p className="cart-line-tip">{tip}</p> : null}
      </div>
      <fieldset className="stepper" disabled={busy}>
        <legend className="visually-hidden">Quantity of {name}</legend>
        <button
          type="button"
          className="button button-secondary button-icon"
          aria-label={`One less ${name}`}
          disabled={line.quantity <= 1}
          onClick={() => onQuantity(line.itemId, line.quantity - 1)}
        >
          −
        </button>
        <span className="stepper-value">
          <span className="visually-hidden">Quantity </span>
          {line.quantity}
        </span>
        <button
          type="button"
          className="button button-secondary button-icon"
          aria-label={`One more ${name}`}
          onClick={() => onQuantity(line.itemId, line.quantity + 1)}
        >
          +
        </button>
      </fieldset>
      <p className="cart-line-total">
        {line.lineTotal === null ? '—' : formatMoney(line.lineTotal, line.currency)}
      </p>
      <div className="cart-line-actions">
        {line.status === 'INSUFFICIENT_STOCK' && line.available ? (
          <button
            type="button"
            className="button button-small button-secondary"
            disabled={busy}
            onClick={() => onQuantity(line.itemId, line.available ?? 1)}
          >
            Set to {line.available}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-small button-ghost"
          disabled={busy}
          onClick={() => onRemove(line.itemId)}
        >
          Remove<span className="visually-hidden"> {name}</span>
        </button>
      </div>
    </li>
  );
};
