import type { Cart, Notification } from '@shop/contracts';
import { randomUpc } from '@shop/testing';
import { call, type ServiceUrls, URLS } from './stack.js';

export const GOOD_CARD = {
  cardNumber: '4242424242424242',
  expMonth: 12,
  expYear: 2099,
  holderName: 'E2E Shopper',
  cvc: '123',
};
export const DECLINED_CARD = { ...GOOD_CARD, cardNumber: '4000000000000002' };

/**
 * A customer of the storefront, driving the public APIs only: each service directly, or every
 * one through the gateway (`THROUGH_GATEWAY`).
 */
export const newShopper = async (urls: ServiceUrls = URLS) => {
  const email = `shopper-${crypto.randomUUID()}@e2e.example`;
  const password = 'e2e shopper password';
  const registered = await call<{ id: string }>(`${urls.account}/api/v1/accounts`, 'POST', {
    body: { email, password, name: 'E2E Shopper' },
  });
  if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
  const login = await call<{ accessToken: string }>(`${urls.account}/api/v1/auth/login`, 'POST', {
    body: { email, password },
  });
  const token = login.body.accessToken;
  return {
    id: registered.body.id,
    email,
    token,
    addToCart: async (itemId: string, quantity: number) =>
      await call<Cart>(`${urls.cart}/api/v1/cart/items`, 'POST', {
        token,
        body: { itemId, quantity },
      }),
    cart: async () => await call<Cart>(`${urls.cart}/api/v1/cart`, 'GET', { token }),
    checkout: async () =>
      await call<{ id: string; totalAmount: number; status: string }>(
        `${urls.cart}/api/v1/cart/checkout`,
        'POST',
        { token },
      ),
    notifications: async () =>
      await call<{ notifications: Notification[] }>(
        `${urls.notification}/api/v1/notifications?limit=100`,
        'GET',
        { token },
      ),
    order: async (items: { itemId: string; quantity: number }[], key?: string) =>
      await call<{ id: string; totalAmount: number; status: string }>(
        `${urls.order}/api/v1/orders`,
        'POST',
        {
          token,
          body: { items },
          headers: key ? { 'idempotency-key': key } : {},
        },
      ),
    pay: async (
      order: { id: string; totalAmount: number },
      card: object = GOOD_CARD,
      key = `e2e-${crypto.randomUUID()}`,
    ) =>
      await call<{ id: string; status: string; refundedAmount: number }>(
        `${urls.payment}/api/v1/payments`,
        'POST',
        {
          token,
          headers: { 'idempotency-key': key },
          body: {
            orderId: order.id,
            amount: order.totalAmount,
            currency: 'USD',
            paymentMethod: card,
          },
        },
      ),
    getOrder: async (orderId: string) =>
      await call<{ status: string; paymentStatus: string; cancelReason: string | null }>(
        `${urls.order}/api/v1/orders/${orderId}`,
        'GET',
        { token },
      ),
    changeItems: async (orderId: string, items: { itemId: string; quantity: number }[]) =>
      await call<{ status: string; totalAmount: number }>(
        `${urls.order}/api/v1/orders/${orderId}`,
        'PATCH',
        { token, body: { items } },
      ),
    cancel: async (orderId: string) =>
      await call<{ status: string }>(`${urls.order}/api/v1/orders/${orderId}/cancel`, 'POST', {
        token,
        body: {},
      }),
    payments: async (orderId: string) =>
      await call<{ payments: { status: string; refundedAmount: number; amount: number }[] }>(
        `${urls.payment}/api/v1/payments?orderId=${orderId}`,
        'GET',
        { token },
      ),
  };
};

export type Shopper = Awaited<ReturnType<typeof newShopper>>;

/** The bootstrap ADMIN (credentials from .env), who stocks the catalog. */
export const admin = async (urls: ServiceUrls = URLS) => {
  const login = await call<{ accessToken: string }>(`${urls.account}/api/v1/auth/login`, 'POST', {
    body: {
      email: process.env.BOOTSTRAP_ADMIN_EMAIL,
      password: process.env.BOOTSTRAP_ADMIN_PASSWORD,
    },
  });
  const token = login.body.accessToken;
  /** Creates the category unless it exists: an item must name an existing category. */
  const ensureCategory = async (slug: string, name: string, parent?: string) => {
    const created = await call<{ code?: string }>(`${urls.item}/api/v1/categories`, 'POST', {
      token,
      body: { slug, name, ...(parent ? { parent } : {}) },
    });
    if (created.status !== 201 && created.body.code !== 'category-exists')
      throw new Error(`create category: ${JSON.stringify(created.body)}`);
  };
  return {
    token,
    ensureCategory,
    createItem: async (stock: number, unitPrice = 1_999, name = 'E2E Lamp') => {
      await ensureCategory('e2e', 'End-to-end tests');
      const upc = randomUpc();
      const created = await call<{ id: string }>(`${urls.item}/api/v1/items`, 'POST', {
        token,
        body: {
          upc,
          name,
          description: 'A lamp for end-to-end tests',
          unitPrice,
          category: 'e2e',
          initialStock: stock,
        },
      });
      if (created.status !== 201) throw new Error(`create item: ${JSON.stringify(created.body)}`);
      return created.body.id;
    },
  };
};

export const availability = async (itemId: string, urls: ServiceUrls = URLS) =>
  (
    await call<{ onHand: number; reserved: number; available: number }>(
      `${urls.item}/api/v1/items/${itemId}/availability`,
      'GET',
    )
  ).body;
