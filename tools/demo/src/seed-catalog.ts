import { type Call, expectStatus, signIn } from './api.js';
import { DEMO_CATEGORIES, DEMO_CUSTOMER, DEMO_ITEMS } from './catalog.js';
import type { DemoConfig } from './config.js';

type Log = (line: string) => void;
type DemoItem = (typeof DEMO_ITEMS)[number];
type DemoCategory = (typeof DEMO_CATEGORIES)[number];

const parentOf = (category: DemoCategory) => ('parent' in category ? category.parent : null);

/**
 * Creates the category, or puts it back in its demo place and name (item-service adopts the
 * slugs of items from before categories as roots): running twice changes nothing.
 */
const seedCategory = async (call: Call, token: string, category: DemoCategory) => {
  const parent = parentOf(category);
  const created = await call('POST', '/api/v1/categories', {
    token,
    body: { slug: category.slug, name: category.name, ...(parent ? { parent } : {}) },
  });
  if (created.status === 201) return 'created';
  expectStatus(created, 409, `create category ${category.slug}`);
  expectStatus(
    await call('PUT', `/api/v1/categories/${category.slug}`, {
      token,
      body: { name: category.name, parent },
    }),
    200,
    `update category ${category.slug}`,
  );
  return 'present';
};

/** Creates the item, or tops its stock up to the demo level: running twice changes nothing. */
const seedItem = async (call: Call, token: string, config: DemoConfig, item: DemoItem) => {
  const found = await call<{ id: string; inventory: { onHand: number } }>(
    'GET',
    `/api/v1/items/upc/${item.upc}`,
  );
  if (found.status === 200) {
    const missing = item.stock - found.body.inventory.onHand;
    if (missing <= 0) return 'present';
    expectStatus(
      await call('POST', `/api/v1/items/${found.body.id}/inventory/adjustments`, {
        token,
        body: { delta: missing, reason: 'demo seed top-up' },
      }),
      200,
      `restock ${item.name}`,
    );
    return `restocked +${missing}`;
  }
  const created = await call('POST', '/api/v1/items', {
    token,
    body: {
      upc: item.upc,
      name: item.name,
      description: item.description,
      unitPrice: item.unitPrice,
      category: item.category,
      pictures: [`${config.gatewayUrl}/images/products/${item.picture}.svg`],
      initialStock: item.stock,
    },
  });
  // 409: an admin deleted it (a deleted item keeps its UPC); the seed respects that.
  if (created.status === 409) return 'deleted by an admin, left out';
  expectStatus(created, 201, `create ${item.name}`);
  return 'created';
};

/** The demo customer with a saved card and an address, whether new or already there. */
const seedCustomer = async (call: Call, config: DemoConfig) => {
  const { email, password } = config.customer;
  const registered = await call('POST', '/api/v1/accounts', {
    body: { email, password, name: DEMO_CUSTOMER.name },
  });
  if (registered.status !== 409) expectStatus(registered, 201, `register ${email}`);
  const token = await signIn(call, email, password);
  const me = expectStatus(
    await call<{ id: string }>('GET', '/api/v1/accounts/me', { token }),
    200,
    'read the demo account',
  );
  expectStatus(
    await call('PATCH', `/api/v1/accounts/${me.id}`, {
      token,
      body: { paymentMethod: DEMO_CUSTOMER.card, shippingAddress: DEMO_CUSTOMER.shippingAddress },
    }),
    200,
    'save the demo card',
  );
  return registered.status === 201 ? 'created' : 'present';
};

/** `make seed`: the demo catalog, stocked; the admin checked; the demo customer ready to buy. */
export const seedShop = async (call: Call, config: DemoConfig, log: Log) => {
  const adminToken = await signIn(call, config.admin.email, config.admin.password);
  log(`admin     ${config.admin.email} (password: BOOTSTRAP_ADMIN_PASSWORD in .env)`);
  for (const category of DEMO_CATEGORIES)
    log(`category  ${category.slug.padEnd(28)} ${await seedCategory(call, adminToken, category)}`);
  for (const item of DEMO_ITEMS)
    log(`item      ${item.name.padEnd(28)} ${await seedItem(call, adminToken, config, item)}`);
  const customer = await seedCustomer(call, config);
  log(`customer  ${config.customer.email} ${customer} (password: DEMO_CUSTOMER_PASSWORD in .env)`);
};
