import {
  DeadLetterList,
  DeadLetterListQuery,
  ReplayDeadLettersBody,
  ReplayResult,
  StuckOrders,
  StuckOrdersQuery,
} from '@shop/contracts';
import { allow, problemResponses, type RoutesPlugin } from '@shop/platform';
import type { DeadLetterDesk } from '@shop/platform/kafka';
import type { OrderDeps } from '../domain/deps.js';
import { stuckOrders } from '../domain/stuck-orders.js';

const tags = ['operations'];
const admin = allow({ roles: ['ADMIN'] });

/**
 * The saga's console for operators (ADMIN only): dead letters of every saga topic, whichever
 * service's consumer wrote them, and their replay. `make dlq` does the same from a shell.
 */
export const operationRoutes: RoutesPlugin<{
  deadLetters: DeadLetterDesk;
  deps: Pick<OrderDeps, 'orders' | 'now'>;
}> = async (app, { deadLetters, deps }) => {
  app.get(
    '/api/v1/operations/stuck-orders',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'ADMIN: orders the saga left behind (PAID not completed, unpaid past the deadline)',
        description:
          'PAID for longer than `graceSeconds` (the stock commit that completes it never came), or PENDING_PAYMENT/PAYMENT_FAILED `graceSeconds` past the payment deadline (the sweeper did not cancel it), oldest first. Reads the newest 500 orders of each of those statuses (`truncated` says when there were more).',
        querystring: StuckOrdersQuery,
        response: { 200: StuckOrders, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => await stuckOrders(deps, request.query.graceSeconds),
  );

  app.get(
    '/api/v1/operations/dead-letters',
    {
      config: admin,
      schema: {
        tags,
        summary: 'ADMIN: dead-lettered events with their reason and state, oldest first',
        querystring: DeadLetterListQuery,
        response: { 200: DeadLetterList, ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const all = await deadLetters.list();
      const { state } = request.query;
      return {
        pending: all.filter((letter) => letter.state === 'pending').length,
        deadLetters: state ? all.filter((letter) => letter.state === state) : all,
      };
    },
  );

  app.post(
    '/api/v1/operations/dead-letters/replay',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'ADMIN: produce chosen (or all pending) dead letters onto their topic again; safe, consumers are idempotent',
        body: ReplayDeadLettersBody,
        response: { 200: ReplayResult, ...problemResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { note, ...selection } = request.body;
      return await deadLetters.replay(
        'all' in selection ? { all: true } : { ids: selection.ids },
        note ?? `replayed by ${request.caller?.id ?? 'an admin'} through the API`,
      );
    },
  );
};
