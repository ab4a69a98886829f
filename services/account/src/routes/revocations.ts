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
import { logoutEverywhere, type RevocationDeps, revocationsSince } from '../domain/revocations.js';

/**
 * The token revocations every other service polls (packages/platform `revocationList`).
 * Public, like the JWKS: it names accounts only by a hash of their id.
 */
export const revocationRoutes: RoutesPlugin<{ deps: RevocationDeps & AccountDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/api/v1/auth/revocations',
    {
      config: PUBLIC,
      schema: {
        tags: ['auth'],
        summary: 'Token versions revoked within the last access-token lifetime',
        querystring: TokenRevocationsQuery,
        response: { 200: TokenRevocations, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const { asOf, revoked } = await revocationsSince(deps, request.query.since);
      const revocations = revoked.map(({ id, tokenVersion }) => ({
        subjectHash: subjectHashOf(id),
        tokenVersion,
      }));
      return await reply
        .header('cache-control', 'no-store')
        .send({ asOf: asOf.toISOString(), revocations });
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
