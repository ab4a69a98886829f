import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import { PUBLIC, type ServiceApp } from '@shop/platform';

const notFound = (method: string, path: string) => ({
  type: 'about:blank',
  title: 'Not Found',
  status: 404,
  detail: `No route ${method} ${path}`,
});

/**
 * The storefront build at `/`: its files as they are on disk at request time (so a rebuild needs
 * no restart; hashed assets cached for a year), and index.html for any other page path, so
 * client-side routes survive a reload. Paths under /api that no service owns stay a 404 problem.
 */
export const registerStorefront = async (app: ServiceApp, directory: string) => {
  await app.register(fastifyStatic, {
    root: directory,
    serve: false,
    setHeaders: (response, path) => {
      const hashed = path.startsWith(join(directory, 'assets'));
      response.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { config: PUBLIC, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      return await reply
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(notFound(request.method, path));
    }
    // A path with a file extension is a file (a missing one is a 404 problem); anything else is
    // a page of the app.
    const isFile = (path.split('/').pop() ?? '').includes('.');
    if (isFile) return await reply.sendFile(path.slice(1));
    if (!existsSync(join(directory, 'index.html'))) {
      return await reply.status(503).type(PROBLEM_CONTENT_TYPE).send({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The storefront is not built: run make storefront',
      });
    }
    return await reply.sendFile('index.html');
  });
};
