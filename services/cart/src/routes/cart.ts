import {
  AddCartItemBody,
  Cart,
  CartItemParams,
  CheckoutBody,
  Order,
  OrderHeaders,
  UpdateCartItemBody,
} from '@shop/contracts';
import { allow, callerOf, problemResponses, type RoutesPlugin, tagOrder } from '@shop/platform';
import { z } from 'zod';
import { addItem, clearCart, removeItem, setQuantity, viewCart } from '../domain/cart.js';
import { checkout } from '../domain/checkout.js';
import type { CartDeps } from '../domain/ports.js';

const tags = ['cart'];
const cartResponses = { 200: Cart, ...problemResponses(400, 401, 404, 409, 422, 503) };

/** Every route works on the caller's own cart: there is no way to name another user's. */
export const cartRoutes: RoutesPlugin<{ deps: CartDeps }> = async (app, { deps }) => {
  const config = allow({ roles: ['CUSTOMER', 'ADMIN'] });

  app.get(
    '/api/v1/cart',
    {
      config,
      schema: {
        tags,
        summary: 'Your cart, priced with current prices and stock',
        response: { 200: Cart, ...problemResponses(401) },
      },
    },
    async (request) => await viewCart(deps, callerOf(request).id),
  );
  app.post(
    '/api/v1/cart/items',
    {
      config,
      schema: {
        tags,
        summary: 'Add units of an item (to those already in the cart)',
        body: AddCartItemBody,
        response: cartResponses,
      },
    },
    async (request) => await addItem(deps, callerOf(request).id, request.body),
  );
  app.patch(
    '/api/v1/cart/items/:itemId',
    {
      config,
      schema: {
        tags,
        summary: 'Set the quantity of an item in the cart',
        params: CartItemParams,
        body: UpdateCartItemBody,
        response: cartResponses,
      },
    },
    async (request) =>
      await setQuantity(deps, callerOf(request).id, request.params.itemId, request.body.quantity),
  );
  app.delete(
    '/api/v1/cart/items/:itemId',
    {
      config,
      schema: {
        tags,
        summary: 'Remove an item from the cart',
        params: CartItemParams,
        response: cartResponses,
      },
    },
    async (request) => await removeItem(deps, callerOf(request).id, request.params.itemId),
  );
  app.delete(
    '/api/v1/cart',
    {
      config,
      schema: {
        tags,
        summary: 'Empty the cart',
        response: { 204: z.null().describe('Emptied'), ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      await clearCart(deps, callerOf(request).id);
      return await reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/cart/checkout',
    {
      config,
      schema: {
        tags,
        summary:
          'Order the cart: order-service prices it and holds the stock; pay the returned order',
        headers: OrderHeaders,
        body: CheckoutBody,
        response: { 201: Order, ...problemResponses(400, 401, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const customer = {
        id: callerOf(request).id,
        credentials: request.headers.authorization ?? '',
      };
      const order = await checkout(
        deps,
        customer,
        request.body,
        request.headers['idempotency-key'],
      );
      tagOrder(order.id);
      return await reply.status(201).send(order);
    },
  );
};
