import { TEST_CARDS } from '@shop/contracts';

/** `4000000000000002` → `4000 0000 0000 0002`, as a person types it. */
const grouped = (number: string) => number.replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * The payment simulator's documented test cards (packages/contracts/src/test-cards.ts, the list
 * the simulator decides by), so a demo can show each path.
 */
export const TestCards = ({ onUse }: { onUse: (number: string) => void }) => (
  <aside className="test-cards" aria-labelledby="test-cards-title" data-testid="test-cards">
    <h3 id="test-cards-title">Test cards</h3>
    <p className="small">
      Payments go to a simulator. Use any future expiry date and any name. Each card below always
      gets the answer shown; the timeout card is charged but its answer is lost, and the payment
      looks the charge up and succeeds.
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
        {TEST_CARDS.map((card) => (
          <tr key={card.number} data-testid="test-card" data-outcome={card.outcome}>
            <td>
              <code>{grouped(card.number)}</code>
            </td>
            <td>
              {card.description}
              {card.outcome === 'approved' || card.outcome === 'timeout' ? null : (
                <>
                  {' '}
                  (<code>{card.outcome}</code>)
                </>
              )}
            </td>
            <td>
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => onUse(grouped(card.number))}
              >
                Use<span className="visually-hidden"> {grouped(card.number)}</span>
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
