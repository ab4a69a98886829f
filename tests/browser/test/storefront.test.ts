import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  GATEWAY,
  orderStatusBecomes,
  orderThroughCart,
  pagePerTest,
  payWithCard,
  signUp,
  stockItem,
} from '../src/storefront.js';

let page: Page;

pagePerTest((opened) => {
  page = opened;
});

const uniqueName = (what: string) => `${what} ${crypto.randomUUID().slice(0, 8)}`;

describe('the storefront in a browser, through the gateway', () => {
  it('when a new customer buys through the cart, then the order page shows it completing with its timeline', async () => {
    const name = uniqueName('Browser Mug');
    await stockItem(name, 1_850, 5);
    await signUp(page);

    await orderThroughCart(page, name);
    await payWithCard(page, '4242 4242 4242 4242');

    await orderStatusBecomes(page, 'COMPLETED');
    const timeline = page.getByTestId('order-timeline');
    await timeline.getByText('Order completed').waitFor();
    const entries = (await timeline.textContent()) ?? '';
    for (const step of ['Order created', 'Payment succeeded', 'Inventory committed'])
      expect(entries).toContain(step);
    expect(entries).toContain('item-service');
    // cart-service empties the cart when it consumes OrderCompleted, a moment after the order
    // page shows it: the customer sees it on their next visit to the cart.
    await expect
      .poll(
        async () => {
          await page.goto(`${GATEWAY}/cart`);
          return await page.getByText('Your cart is empty.').isVisible();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  it('when the card is declined, then the failure is shown and a good card completes the order', async () => {
    const name = uniqueName('Browser Lamp');
    await stockItem(name, 4_200, 5);
    await signUp(page);
    await orderThroughCart(page, name);

    await payWithCard(page, '4000 0000 0000 0002');
    await page.locator('[data-testid="payment-result"][data-status="FAILED"]').waitFor();
    expect(await page.getByTestId('payment-result').textContent()).toMatch(/declined/i);
    await orderStatusBecomes(page, 'PAYMENT_FAILED');

    await payWithCard(page, '4242 4242 4242 4242');
    await orderStatusBecomes(page, 'COMPLETED');
  });

  it('when a customer signs up with their address, then checkout starts from it', async () => {
    const name = uniqueName('Browser Rug');
    await stockItem(name, 3_100, 5);
    await signUp(page, { line1: '12 Sign-up Street', city: 'Springfield', postalCode: '12345' });

    await page.getByLabel('Search products').fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByTestId('product-card')
      .filter({ hasText: name })
      .getByTestId('add-to-cart')
      .click();
    await page.getByRole('link', { name: /^Cart, 1 item/ }).click();
    const shipping = page.getByRole('group', { name: 'Shipping address' });
    await shipping.waitFor();
    expect(await page.getByLabel('Ship to an address').isChecked()).toBe(true);
    expect(await shipping.getByLabel('Address', { exact: true }).inputValue()).toBe(
      '12 Sign-up Street',
    );
  });

  it('when the payment page lists the test cards, then each decline reason is there and a declining card shows its reason', async () => {
    const name = uniqueName('Browser Clock');
    await stockItem(name, 2_700, 5);
    await signUp(page);
    await orderThroughCart(page, name);

    const cards = page.getByTestId('test-card');
    // evaluateAll does not wait: the table renders once the payment page has loaded its order.
    await cards.first().waitFor();
    const outcomes = await cards.evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-outcome')),
    );
    expect(outcomes).toEqual(
      expect.arrayContaining([
        'card_declined',
        'insufficient_funds',
        'expired_card',
        'incorrect_cvc',
        'processing_error',
        'limit_exceeded',
      ]),
    );
    await payWithCard(page, '4000 0000 0000 0069');
    await page.locator('[data-testid="payment-result"][data-status="FAILED"]').waitFor();
    expect(await page.getByTestId('payment-result').textContent()).toMatch(/expired/i);
  });

  it('when a completed order is cancelled, then the refund is shown', async () => {
    const name = uniqueName('Browser Speaker');
    await stockItem(name, 5_999, 5);
    await signUp(page);
    await orderThroughCart(page, name);
    await payWithCard(page, '4242 4242 4242 4242');
    await orderStatusBecomes(page, 'COMPLETED');

    await page.getByTestId('cancel-order-button').click();

    await orderStatusBecomes(page, 'CANCELLED');
    const refund = page.locator('[data-testid="refund-status"][data-status="REFUNDED"]');
    await refund.waitFor({ timeout: 30_000 });
    expect(await refund.textContent()).toContain('$59.99');
  });
});
