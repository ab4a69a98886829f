import { tokenFromEmail } from '@shop/e2e/mailbox';
import { call } from '@shop/e2e/stack';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GATEWAY, pagePerTest } from '../src/storefront.js';

let page: Page;
const OLD_PASSWORD = 'a browser test password';
const NEW_PASSWORD = 'a new browser passphrase';

const newAccount = async () => {
  const email = `recovery-${crypto.randomUUID()}@test.example`;
  const created = await call(`${GATEWAY}/api/v1/accounts`, 'POST', {
    body: { email, password: OLD_PASSWORD, name: 'Recovering Buyer' },
  });
  if (created.status !== 201)
    throw new Error(`account not created: ${JSON.stringify(created.body)}`);
  return email;
};

const logIn = async (email: string, password: string) => {
  await page.goto(`${GATEWAY}/login`);
  const form = page.getByTestId('login-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
};

pagePerTest((opened) => {
  page = opened;
}, 'recovery-');

describe('account recovery and verification in the storefront', () => {
  it('when a customer forgot the password, then "Forgot password?", the emailed link and a new password sign them in', async () => {
    const email = await newAccount();
    await page.goto(`${GATEWAY}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();

    const forgot = page.getByTestId('forgot-form');
    await forgot.getByLabel('Email').fill(email);
    await forgot.getByRole('button', { name: 'Send reset link' }).click();
    await expect
      .poll(async () => await page.getByTestId('reset-requested').textContent())
      .toContain('If an account has this email address');

    const token = await tokenFromEmail(email, 'Reset your Shop password', 'reset-password');
    await page.goto(`${GATEWAY}/reset-password#token=${token}`);
    // The token leaves the address bar once read.
    await expect.poll(() => new URL(page.url()).hash).toBe('');
    const reset = page.getByTestId('reset-form');
    const newPassword = reset.getByLabel('New password', { exact: true });
    await newPassword.fill(NEW_PASSWORD);
    // Typed once: the shopper reads it back instead of typing it twice.
    expect(await newPassword.getAttribute('type')).toBe('password');
    const show = reset.getByRole('button', { name: 'Show new password' });
    await show.click();
    expect(await newPassword.getAttribute('type')).toBe('text');
    expect(await show.getAttribute('aria-pressed')).toBe('true');
    expect(await newPassword.inputValue()).toBe(NEW_PASSWORD);
    await reset.getByRole('button', { name: 'Set new password' }).click();
    await page
      .getByTestId('reset-done')
      .getByRole('link', { name: /Log in/ })
      .click();

    await logIn(email, NEW_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
  });

  it('when the reset link was already used, then the page says so and offers a new one', async () => {
    const email = await newAccount();
    await call(`${GATEWAY}/api/v1/auth/password-reset`, 'POST', { body: { email } });
    const token = await tokenFromEmail(email, 'Reset your Shop password', 'reset-password');
    await call(`${GATEWAY}/api/v1/auth/password-reset/confirm`, 'POST', {
      body: { token, password: NEW_PASSWORD },
    });

    await page.goto(`${GATEWAY}/reset-password#token=${token}`);
    const reset = page.getByTestId('reset-form');
    await reset.getByLabel('New password', { exact: true }).fill('yet another passphrase');
    await reset.getByRole('button', { name: 'Set new password' }).click();

    await expect
      .poll(async () => await page.getByTestId('error-message').textContent())
      .toContain('already used');
    expect(await page.getByRole('link', { name: 'Ask for a new reset link' }).isVisible()).toBe(
      true,
    );
  });

  it('when a new customer opens the verification link, then the note on the orders page is gone', async () => {
    const email = await newAccount();
    await logIn(email, OLD_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${GATEWAY}/orders`);
    await expect
      .poll(async () => await page.getByTestId('email-not-verified').textContent())
      .toContain('is not verified yet');

    const token = await tokenFromEmail(email, 'Confirm your email address', 'verify-email');
    await page.goto(`${GATEWAY}/verify-email#token=${token}`);
    await expect
      .poll(async () => await page.getByTestId('verify-email').textContent())
      .toContain('your email address is confirmed');

    await page.goto(`${GATEWAY}/orders`);
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('email-not-verified').count()).toBe(0);
  });
});
