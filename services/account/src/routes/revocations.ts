import { TokenRevocations, TokenRevocationsQuery } from '@shop/contracts';
import { problemResponses, type RoutesPlugin, subjectHashOf } from '@shop/platform';
import { type RevocationDeps, revocationsSince } from '../domain/revocations.js';

/**
 * The token revocations every other service polls (packages/platform `revocationList`).
 * Public, like the JWKS: it names accounts only by a hash of their id.
 */
export const revocationRoutes: RoutesPlugin<{ deps: RevocationDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/auth/revocations',
    {
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
};
