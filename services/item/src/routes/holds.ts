import { Hold, HoldParams, PlaceHoldBody, UpdateHoldBody } from '@shop/contracts';
import { allow, problemResponses, type RoutesPlugin } from '@shop/platform';
import {
  getHold,
  type HoldDeps,
  placeHold,
  releaseHoldOnRequest,
  updateHold,
} from '../domain/holds.js';
import type { HoldRecord } from '../domain/model.js';

const tags = ['holds'];
/** order-service places, changes and releases the hold of each order it takes. */
const orderService = allow({ services: ['order-service'] });

/** A hold as the API answers it (also what tools/bench checks seeded holds against). */
export const toPublicHold = ({
  orderId,
  status,
  lines,
  expiresAt,
  createdAt,
  updatedAt,
}: HoldRecord) => ({
  orderId,
  status,
  lines,
  expiresAt: expiresAt.toISOString(),
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

/** Stock reservations per order; only services (order-service) may use them. */
export const holdRoutes: RoutesPlugin<{ deps: HoldDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/inventory/holds',
    {
      config: orderService,
      schema: {
        tags,
        summary: 'Hold stock for an order, all lines or none; idempotent per orderId',
        body: PlaceHoldBody,
        response: { 201: Hold, ...problemResponses(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) =>
      await reply.status(201).send(toPublicHold(await placeHold(deps, request.body))),
  );
  app.get(
    '/api/v1/inventory/holds/:orderId',
    {
      config: orderService,
      schema: {
        tags,
        params: HoldParams,
        response: { 200: Hold, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => toPublicHold(await getHold(deps, request.params.orderId)),
  );
  app.put(
    '/api/v1/inventory/holds/:orderId',
    {
      config: orderService,
      schema: {
        tags,
        summary: 'Change the lines of a HELD hold, all or nothing',
        params: HoldParams,
        body: UpdateHoldBody,
        response: { 200: Hold, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toPublicHold(await updateHold(deps, request.params.orderId, request.body.lines)),
  );
  app.delete(
    '/api/v1/inventory/holds/:orderId',
    {
      config: orderService,
      schema: {
        tags,
        summary: 'Release a HELD hold',
        params: HoldParams,
        response: { 200: Hold, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => toPublicHold(await releaseHoldOnRequest(deps, request.params.orderId)),
  );
};
