import { call } from '@shop/e2e/stack';
import { eventually } from '@shop/testing';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY, pagePerTest, stockItem } from '../src/storefront.js';

let page: Page;
/** A customer with a completed, paid order, made through the APIs: the pages act on it. */
let customer: { id: string; email: string; orderId: string };

const api = async <T>(
  path: string,
  method: 'GET' | 'POST',
  token: string,
  body?: object,
  headers = {},
) => await call<T>(`${GATEWAY}${path}`, method, { token, headers, ...(body ? { body } : {}) });

const customerWithCompletedOrder = async () => {
  const itemId = await stockItem(`Back Office Mug ${crypto.randomUUID().slice(0, 8)}`, 2_000, 5);
  const email = `back-office-${crypto.randomUUID()}@test.example`;
  const password = 'a browser test password';
  const account = await call<{ id: string }>(`${GATEWAY}/api/v1/accounts`, 'POST', {
    body: { email, password, name: 'Back Office Buyer' },
  });
  const token = (
    await call<{ accessToken: string }>(`${GATEWAY}/api/v1/auth/login`, 'POST', {
      body: { email, password },
    })
  ).body.accessToken;
  const order = await api<{ id: string }>('/api/v1/orders', 'POST', token, {
    items: [{ itemId, quantity: 1 }],
  });
  const card = { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, holderName: 'B' };
  await api(
    '/api/v1/payments',
    'POST',
    token,
    {
      orderId: order.body.id,
      amount: 2_000,
      currency: 'USD',
      paymentMethod: card,
    },
    { 'idempotency-key': `browser-${crypto.randomUUID()}` },
  );
  await eventually(
    async () =>
      (await api<{ status: string }>(`/api/v1/orders/${order.body.id}`, 'GET', token)).body
        .status === 'COMPLETED',
    { timeoutMs: 30_000, what: 'the order completes' },
  );
  return { id: account.body.id, email, orderId: order.body.id };
};

const logInAsAdmin = async () => {
  await page.goto(`${GATEWAY}/login`);
  const form = page.getByTestId('login-form');
  await form.getByLabel('Email').fill(process.env.BOOTSTRAP_ADMIN_EMAIL ?? '');
  await form.getByLabel('Password').fill(process.env.BOOTSTRAP_ADMIN_PASSWORD ?? '');
  await form.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
};

beforeAll(async () => {
  customer = await customerWithCompletedOrder();
});
pagePerTest(async (opened) => {
  page = opened;
  await logInAsAdmin();
}, 'admin-');

describe('the back office in a browser, through the gateway', () => {
  it('when an ADMIN finds a customer, then their order ships and is delivered from the orders page', async () => {
    await page.goto(`${GATEWAY}/admin/customers`);
    await page.getByLabel('Email or name starts with').fill(customer.email);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator(`[data-account-id="${customer.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(customer.email);

    await row.getByRole('link', { name: 'Orders' }).click();
    const order = page.locator(`[data-order-id="${customer.orderId}"]`);
    await order.locator('[data-status="COMPLETED"]').waitFor();
    await order.getByRole('button', { name: 'Ship' }).click();
    await order.locator('[data-status="SHIPPED"]').waitFor();
    await order.getByRole('button', { name: 'Deliver' }).click();
    await order.locator('[data-status="DELIVERED"]').waitFor();

    await page.getByLabel('Status').selectOption('DELIVERED');
    await page.locator(`[data-order-id="${customer.orderId}"]`).waitFor();
    // The filtered list replaces the unfiltered one when it arrives: poll until it has.
    await expect
      .poll(
        async () =>
          await page
            .locator('tbody [data-status]')
            .evaluateAll(
              (badges) =>
                badges.length > 0 &&
                badges.every((badge) => badge.getAttribute('data-status') === 'DELIVERED'),
            ),
        { timeout: 10_000 },
      )
      .toBe(true);
  });

  it('when an ADMIN refunds part of a payment, then it shows partially refunded', async () => {
    await page.goto(`${GATEWAY}/admin/payments?userId=${customer.id}`);
    const row = page.locator('tr[data-payment-id]').first();
    await row.locator('[data-status="SUCCEEDED"]').waitFor();
    await row.getByLabel('Amount (empty: all that is left)').fill('5.00');
    await row.getByLabel('Reason').fill('a dented mug');
    await row.getByRole('button', { name: 'Refund' }).click();

    await row.locator('[data-status="PARTIALLY_REFUNDED"]').waitFor();
    expect(await row.textContent()).toContain('$5.00 refunded');
  });

  it('when an ADMIN creates an item with a bad UPC and then a good one, then it is refused next to the field, created, and restocked', async () => {
    const name = `Back Office Lamp ${crypto.randomUUID().slice(0, 8)}`;
    await stockItem(`Back Office Category Seed ${crypto.randomUUID().slice(0, 8)}`, 100, 1);
    await page.goto(`${GATEWAY}/admin`);
    const create = page.getByRole('form', { name: 'Create an item' });
    await create.getByLabel('UPC').fill('123');
    await create.getByLabel('Name').fill(name);
    await create.getByLabel('Price (USD)').fill('12.34');
    await create.getByLabel('Category').fill('browser-tests');
    await create.getByRole('button', { name: 'Create item' }).click();
    await create.getByText('Enter 12 or 13 digits with a valid check digit').waitFor();

    await create.getByRole('button', { name: 'Generate' }).click();
    await create.getByRole('button', { name: 'Create item' }).click();
    const link = create.getByRole('link', { name });
    await link.waitFor();
    const itemId = (await link.getAttribute('href'))?.split('/').pop() ?? '';

    const restock = page.getByRole('form', { name: 'Restock' });
    await restock.getByLabel('Item').selectOption(itemId);
    await restock.getByLabel('Change in units').fill('7');
    await restock.getByRole('button', { name: 'Adjust stock' }).click();
    await restock.getByText('On hand 7, reserved 0, available 7.').waitFor();
    const item = await call<{ inventory: { onHand: number } }>(
      `${GATEWAY}/api/v1/items/${itemId}`,
      'GET',
    );
    expect(item.body.inventory.onHand).toBe(7);
  });

  it('when an ADMIN opens the saga’s health, then the dead letters and the stuck orders are shown', async () => {
    await page.goto(`${GATEWAY}/admin/health`);
    await page.getByTestId('dead-letters-pending').waitFor();
    await page.getByTestId('stuck-orders').first().waitFor();
    expect(await page.getByTestId('dead-letters-pending').textContent()).toMatch(/dead letter/);
  });
});
