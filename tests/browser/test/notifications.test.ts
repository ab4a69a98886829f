import { call } from '@shop/e2e/stack';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GATEWAY, pagePerTest, signUp, stockItem } from '../src/storefront.js';

let page: Page;

pagePerTest((opened) => {
  page = opened;
});

/** The signed-in customer's access token, as the storefront keeps it (sessionStorage). */
const accessTokenOf = async (page: Page) =>
  await page.evaluate(
    () =>
      (JSON.parse(sessionStorage.getItem('shop.session') ?? '{}') as { accessToken: string })
        .accessToken,
  );

describe('the inbox in a browser, live through the gateway', () => {
  it('when an order is placed while the inbox is open, then its notification appears without a reload, and SMS can be switched on', async () => {
    const name = `Live Lamp ${crypto.randomUUID().slice(0, 8)}`;
    const itemId = await stockItem(name, 1_450, 5);
    await signUp(page);
    await page.goto(`${GATEWAY}/inbox`);
    await page.getByText('No messages yet.').waitFor();

    const preferences = page.getByTestId('notification-preferences');
    await preferences.getByLabel('Text message (SMS)').check();
    await preferences.getByLabel('Mobile number').fill('+14155550188');
    await preferences.getByRole('button', { name: 'Save preferences' }).click();
    await preferences.getByText('Preferences saved.').waitFor();
    await page.getByTestId('stream-status').getByText('Live').waitFor();

    // Placed elsewhere (another device, say): the open inbox must learn of it by itself.
    const token = await accessTokenOf(page);
    const order = await call<{ id: string }>(`${GATEWAY}/api/v1/orders`, 'POST', {
      token,
      body: { items: [{ itemId, quantity: 1 }] },
    });
    expect(order.status).toBe(201);

    const message = page
      .getByTestId('inbox-message')
      .filter({ hasText: `We received your order #${order.body.id.slice(0, 8).toUpperCase()}` });
    await message.waitFor({ timeout: 20_000 });
    expect(await message.textContent()).toContain('Texted');
    await expect.poll(async () => await page.getByTestId('inbox-message').count()).toBe(1);
  });
});
