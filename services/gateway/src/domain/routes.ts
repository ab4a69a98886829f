/** The services behind the gateway, by the key used in the configuration. */
export type ServiceKey = 'account' | 'item' | 'order' | 'payment' | 'cart' | 'notification';

export interface PublicRoute {
  /** Path prefix as the client sends it; forwarded unchanged. */
  prefix: string;
  service: ServiceKey;
}

/**
 * What the outside world may reach, and where it goes. Anything else under /api is 404 at the
 * gateway: item-service's stock holds (`/api/v1/inventory/holds`) are for order-service only.
 */
export const PUBLIC_ROUTES: PublicRoute[] = [
  { prefix: '/api/v1/accounts', service: 'account' },
  { prefix: '/api/v1/auth', service: 'account' },
  { prefix: '/.well-known/jwks.json', service: 'account' },
  { prefix: '/api/v1/items', service: 'item' },
  { prefix: '/api/v1/categories', service: 'item' },
  { prefix: '/api/v1/orders', service: 'order' },
  // The saga's console (dead letters), ADMIN only: order-service checks the role.
  { prefix: '/api/v1/operations', service: 'order' },
  { prefix: '/api/v1/payments', service: 'payment' },
  { prefix: '/api/v1/cart', service: 'cart' },
  { prefix: '/api/v1/notifications', service: 'notification' },
];

export const SERVICE_NAMES: Record<ServiceKey, string> = {
  account: 'account-service',
  item: 'item-service',
  order: 'order-service',
  payment: 'payment-service',
  cart: 'cart-service',
  notification: 'notification-service',
};

/** Whether the gateway exposes `path` (the OpenAPI merge keeps only those). */
export const isPublicPath = (path: string) =>
  PUBLIC_ROUTES.some(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
