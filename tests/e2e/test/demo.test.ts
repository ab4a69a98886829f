import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/stack.js';

const make = (target: string) =>
  execFileSync('make', ['--silent', target], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('make seed and make demo, through the gateway', () => {
  it('when the seed runs again, then every demo category, item and the demo customer are found, not doubled', () => {
    make('seed');
    const again = make('seed');

    const categories = again.split('\n').filter((line) => line.startsWith('[seed] category'));
    expect(categories).toHaveLength(8);
    for (const line of categories) expect(line).toMatch(/present$/);
    const items = again.split('\n').filter((line) => line.startsWith('[seed] item'));
    expect(items).toHaveLength(8);
    for (const line of items) expect(line).toMatch(/present$/);
    expect(again).toMatch(/customer {2}\S+ present/);
  });

  it('when the demo runs, then it prints each step with the events it caused, ending refunded', () => {
    const output = make('demo');

    for (const expected of [
      '3. checkout: order',
      'event  OrderCreated',
      '4. pay with card …0002: FAILED (card_declined)',
      'event  PaymentFailed',
      'event  InventoryCommitted',
      'event  OrderCompleted',
      '6. order COMPLETED, and cart-service emptied the cart',
      'event  PaymentRefunded',
      '8. order CANCELLED, payment REFUNDED, stock restocked',
      'email  Refund of $59.99',
    ])
      expect(output).toContain(expected);
  });
});
