import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { call } from '@shop/e2e/stack';
import { randomUpc } from '@shop/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
/** Screenshots of each test's last screen: git-ignored, kept by CI as artifacts. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Debian's chromium driven by playwright-core: no browser download (`make browser`). */
export const launchBrowser = async (): Promise<Browser> => {
  await mkdir(ARTIFACTS, { recursive: true });
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
  });
};

export const screenshot = async (page: Page, name: string) =>
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

/**
 * Registers, for the calling test file: one browser for the file, and a fresh page for each test,
 * handed to `use` before the test (which may sign in with it); after the test its last screen is
 * saved as `<screenshotPrefix><test name>.png` and the page closed.
 */
export const pagePerTest = (use: (page: Page) => Promise<void> | void, screenshotPrefix = '') => {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => await browser?.close());
  beforeEach(async () => {
    if (!browser) throw new Error('the browser did not start');
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await use(page);
  });
  afterEach(async (context) => {
    if (!page) return;
    const name = context.task.name.replace(/[^\w]+/g, '-').slice(0, 80 - screenshotPrefix.length);
    await screenshot(page, `${screenshotPrefix}${name}`);
    await page.close();
  });
};

/** The bootstrap ADMIN's access token (credentials from .env), for set-up through the API. */
export const adminToken = async () =>
  (
    await call<{ accessToken: string }>(`${GATEWAY}/api/v1/auth/login`, 'POST', {
      body: {
        email: process.env.BOOTSTRAP_ADMIN_EMAIL,
        password: process.env.BOOTSTRAP_ADMIN_PASSWORD,
      },
    })
  ).body.accessToken;

/** A category made by the bootstrap ADMIN through the gateway; 409: it exists already. */
export const ensureCategory = async (
  token: string,
  slug: string,
  name: string,
  parent?: string,
) => {
  const category = await call<{ code?: string }>(`${GATEWAY}/api/v1/categories`, 'POST', {
    token,
    body: { slug, name, ...(parent ? { parent } : {}) },
  });
  if (category.status !== 201 && category.body.code !== 'category-exists')
    throw new Error(`category not created: ${JSON.stringify(category.body)}`);
};

/**
 * An item of the test's own, created by the bootstrap ADMIN through the gateway, in the shared
 * browser-tests category unless the test names a category it made.
 */
export const stockItem = async (
  name: string,
  unitPrice: number,
  stock: number,
  category?: string,
) => {
  const token = await adminToken();
  if (!category) await ensureCategory(token, 'browser-tests', 'Browser tests');
  const created = await call<{ id: string }>(`${GATEWAY}/api/v1/items`, 'POST', {
    token,
    body: {
      upc: randomUpc(),
      name,
      description: 'Made for the browser tests',
      unitPrice,
      category: category ?? 'browser-tests',
      pictures: [`${GATEWAY}/images/products/ember-mug.svg`],
      initialStock: stock,
    },
  });
  if (created.status !== 201) throw new Error(`item not created: ${JSON.stringify(created.body)}`);
  return created.body.id;
};

/** A new customer signs up in the storefront and is signed in. */
export const signUp = async (
  page: Page,
  address?: { line1: string; city: string; postalCode: string },
) => {
  await page.goto(`${GATEWAY}/register`);
  const form = page.getByTestId('register-form');
  if (address) {
    await form.getByLabel('Save my address for checkout').check();
    const shipping = form.getByRole('group', { name: 'Shipping address' });
    await shipping.getByLabel('Address', { exact: true }).fill(address.line1);
    await shipping.getByLabel('City').fill(address.city);
    await shipping.getByLabel('Postal code').fill(address.postalCode);
  }
  await form.getByLabel('Name', { exact: true }).fill('Browser Buyer');
  await form.getByLabel('Email').fill(`browser-${crypto.randomUUID()}@test.example`);
  await form.getByLabel('Password').fill('a browser test password');
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${GATEWAY}/`);
};

/** Finds `name` in the catalog, adds `quantity` to the cart, checks out: the order page opens. */
export const orderThroughCart = async (page: Page, name: string) => {
  await page.getByLabel('Search products').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.getByTestId('product-card').filter({ hasText: name });
  await card.getByTestId('add-to-cart').click();
  await page.getByRole('link', { name: /^Cart, 1 item/ }).click();
  await page.getByTestId('cart-line').filter({ hasText: name }).waitFor();
  await page.getByTestId('checkout-button').click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
};

/** Types a card into the payment form and pays. */
export const payWithCard = async (page: Page, cardNumber: string) => {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Name on card').fill('Browser Buyer');
  await page.getByLabel('Expiry month').selectOption('12');
  await page.getByLabel('Expiry year').selectOption({ index: 5 });
  await page.getByLabel('CVC').fill('123');
  await page.getByTestId('pay-button').click();
};

/** Waits until the order page shows `status` (the API value, in data-status). */
export const orderStatusBecomes = async (page: Page, status: string) =>
  await page
    .locator(`[data-testid="order-status"][data-status="${status}"]`)
    .waitFor({ timeout: 30_000 });
