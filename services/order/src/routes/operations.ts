import {
  DeadLetterList,
  DeadLetterListQuery,
  ReplayDeadLettersBody,
  ReplayResult,
} from '@shop/contracts';
import { allow, problemResponses, type RoutesPlugin } from '@shop/platform';
import type { DeadLetterDesk } from '@shop/platform/kafka';

const tags = ['operations'];
const admin = allow({ roles: ['ADMIN'] });

/**
 * The saga's console for operators (ADMIN only): dead letters of every saga topic, whichever
 * service's consumer wrote them, and their replay. `make dlq` does the same from a shell.
 */
export const operationRoutes: RoutesPlugin<{ deadLetters: DeadLetterDesk }> = async (
  app,
  { deadLetters },
) => {
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
