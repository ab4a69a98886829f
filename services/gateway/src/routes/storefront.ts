import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import type { ServiceApp } from '@shop/platform';

const problem = (status: number, title: string, detail: string) => ({
  type: 'about:blank',
  title,
  status,
  detail,
});

/**
 * The storefront build at `/`: its files as they are (hashed assets cached for a year), and
 * index.html for any other page path, so client-side routes survive a reload.
 * Paths under /api that no service owns stay a problem+json 404.
 */
export const registerStorefront = async (app: ServiceApp, directory: string) => {
  const built = existsSync(join(directory, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: directory,
      wildcard: false,
      setHeaders: (response, path) => {
        response.header(
          'cache-control',
          path.includes(`${join(directory, 'assets')}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  } else {
    app.log.warn({ directory }, 'storefront not built; run make storefront');
  }
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // A client-side route (no file extension) gets the app; a missing file is a plain 404.
    const isPage = !(path.split('/').pop() ?? '').includes('.');
    if (path.startsWith('/api/') || !isPage) {
      return await reply
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem(404, 'Not Found', `No route ${request.method} ${path}`));
    }
    if (!built) {
      return await reply
        .status(503)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          problem(503, 'Service Unavailable', 'The storefront is not built: run make storefront'),
        );
    }
    return await reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
};
