import { TokenRevocations, TokenRevocationsQuery } from '@shop/contracts';
import {
  allow,
  callerOf,
  PUBLIC,
  problemResponses,
  type RoutesPlugin,
  subjectHashOf,
} from '@shop/platform';
import { z } from 'zod';
import type { AccountDeps } from '../domain/accounts.js';
import type { RevocationFeed } from '../domain/revocation-feed.js';
import { logoutEverywhere } from '../domain/revocations.js';

/**
 * The token revocations every other service reads (packages/platform `revocationList`), a long
 * poll with `wait` and `ifChanged` (domain/revocation-feed.ts). Public, like the JWKS: it names
 * accounts only by a hash of their id.
 */
export const revocationRoutes: RoutesPlugin<{
  deps: AccountDeps & { revocationFeed: RevocationFeed };
}> = async (app, { deps }) => {
  app.get(
    '/api/v1/auth/revocations',
    {
      config: PUBLIC,
      schema: {
        tags: ['auth'],
        summary:
          'Token versions revoked within the last access-token lifetime; with `wait` and `ifChanged`, answered once that list changed or the wait ran out',
        querystring: TokenRevocationsQuery,
        response: { 200: TokenRevocations, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { asOf, revoked, fingerprint } = await deps.revocationFeed.answer(request.query);
      const revocations = revoked.map(({ id, tokenVersion }) => ({
        subjectHash: subjectHashOf(id),
        tokenVersion,
      }));
      return await reply
        .header('cache-control', 'no-store')
        .send({ asOf: asOf.toISOString(), revocations, fingerprint });
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    {
      config: allow({ roles: ['CUSTOMER', 'ADMIN'] }),
      schema: {
        tags: ['auth'],
        summary: 'Log out everywhere: revoke every access and refresh token of the caller',
        response: {
          204: z.null().describe('Logged out everywhere'),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      await logoutEverywhere(deps, callerOf(request));
      return await reply.status(204).send(null);
    },
  );
};
