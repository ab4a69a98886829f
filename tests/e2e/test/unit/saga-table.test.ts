import { readFileSync } from 'node:fs';
import { EVENT_TYPES } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { CART_REACTIONS } from '../../../../services/cart/src/consumers/saga-events.js';
import { ITEM_REACTIONS } from '../../../../services/item/src/consumers/saga-events.js';
import { NOTIFICATION_REACTIONS } from '../../../../services/notification/src/consumers/saga-events.js';
import { ORDER_REACTIONS } from '../../../../services/order/src/consumers/saga-events.js';
import { PAYMENT_REACTIONS } from '../../../../services/payment/src/consumers/saga-events.js';

const SAGA_DOC = new URL('../../../../docs/saga.md', import.meta.url);

/** Every "event × service" pair of the saga table in docs/saga.md ("Who reacts to what"). */
const documentedPairs = () => {
  const doc = readFileSync(SAGA_DOC, 'utf8');
  const section = doc.split('## Who reacts to what')[1]?.split('\n## ')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.includes('---'))
    .slice(1) // the header
    .map((line) => line.split('|').map((cell) => cell.trim()));
  return rows.flatMap(([, events = '', service = '']) =>
    events.split(',').map((event) => `${event.trim()} → ${service}`),
  );
};

const tables = {
  'order-service': ORDER_REACTIONS,
  'item-service': ITEM_REACTIONS,
  'payment-service': PAYMENT_REACTIONS,
  'cart-service': CART_REACTIONS,
  'notification-service': NOTIFICATION_REACTIONS,
};

const implementedPairs = () =>
  Object.entries(tables).flatMap(([service, table]) =>
    Object.keys(table).map((event) => `${event} → ${service}`),
  );

describe('the saga table', () => {
  it('when the consumers’ reaction tables are put together, then they are exactly the documented saga', () => {
    expect(documentedPairs().length).toBeGreaterThan(10);
    expect(new Set(implementedPairs())).toEqual(new Set(documentedPairs()));
  });

  it('when a table names an event, then it is an event of the contracts', () => {
    const known = new Set<string>(EVENT_TYPES);
    for (const pair of implementedPairs()) expect(known).toContain(pair.split(' → ')[0]);
  });
});
