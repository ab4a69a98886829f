import type { Order } from '@shop/contracts';
import { Link } from 'react-router';
import { formatMoney } from '../money';

/** The order's lines with the prices it was placed at (a snapshot, not today's prices). */
export const OrderLines = ({ order }: { order: Order }) => (
  <table className="order-lines">
    <caption className="visually-hidden">Items in this order</caption>
    <thead>
      <tr>
        <th scope="col">Item</th>
        <th scope="col" className="num">
          Price
        </th>
        <th scope="col" className="num">
          Qty
        </th>
        <th scope="col" className="num">
          Total
        </th>
      </tr>
    </thead>
    <tbody>
      {order.items.map((line) => (
        <tr key={line.itemId}>
          <td>
            <Link to={`/items/${line.itemId}`}>{line.name}</Link>
          </td>
          <td className="num">{formatMoney(line.unitPrice, order.currency)}</td>
          <td className="num">{line.quantity}</td>
          <td className="num">{formatMoney(line.lineTotal, order.currency)}</td>
        </tr>
      ))}
    </tbody>
    <tfoot>
      <tr>
        <th scope="row" colSpan={3}>
          Total
        </th>
        <td className="num">
          <strong>{formatMoney(order.totalAmount, order.currency)}</strong>
        </td>
      </tr>
    </tfoot>
  </table>
);
