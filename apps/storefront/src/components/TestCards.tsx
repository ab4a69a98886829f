/**
 * The payment simulator's deterministic rules (docs/contract/services.md#payment-service), so a
 * demo can show each path.
 */
const CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'Succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'Declined (card_declined)' },
  { number: '4000 0000 0000 9995', outcome: 'Declined (insufficient_funds)' },
  { number: '4000 0000 0000 0408', outcome: 'Gateway times out; charged, settled by lookup' },
] as const;

export const TestCards = ({ onUse }: { onUse: (number: string) => void }) => (
  <aside className="test-cards" aria-labelledby="test-cards-title">
    <h3 id="test-cards-title">Test cards</h3>
    <p className="small">
      Payments go to a simulator. Use any future expiry date and any name; any card ending in 0002
      is declined, ending in 9995 has insufficient funds, ending in 0408 times out (the gateway
      charges it but its answer is lost; the payment looks the charge up and succeeds).
    </p>
    <table>
      <thead>
        <tr>
          <th scope="col">Card number</th>
          <th scope="col">Result</th>
          <th scope="col">
            <span className="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {CARDS.map((card) => (
          <tr key={card.number}>
            <td>
              <code>{card.number}</code>
            </td>
            <td>{card.outcome}</td>
            <td>
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => onUse(card.number)}
              >
                Use<span className="visually-hidden"> {card.number}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    <p className="small">
      An order totalling exactly <strong>$999.00</strong> is rejected (amount_rejected) whatever the
      card.
    </p>
  </aside>
);
