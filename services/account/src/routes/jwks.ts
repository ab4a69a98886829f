import { JsonWebKeySet } from '@shop/contracts';
import { PUBLIC, type PublicJwk, type RoutesPlugin } from '@shop/platform';

/** The public keys that verify access tokens (RFC 7517), cached briefly by verifiers. */
export const jwksRoutes: RoutesPlugin<{ keys: PublicJwk[] }> = async (app, { keys }) => {
  app.get(
    '/.well-known/jwks.json',
    {
      config: PUBLIC,
      schema: {
        tags: ['auth'],
        summary: 'JSON Web Key Set of the token signing keys',
        response: { 200: JsonWebKeySet },
      },
    },
    async (_request, reply) =>
      await reply.header('cache-control', 'public, max-age=300').send({ keys }),
  );
};
