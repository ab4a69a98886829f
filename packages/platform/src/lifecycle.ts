import type { FastifyInstance } from 'fastify';
import { ConfigError } from './config.js';

export interface ListenOptions {
  host: string;
  port: number;
}

/**
 * Listens and closes gracefully on SIGINT/SIGTERM: Fastify stops accepting requests, lets the
 * running ones finish, then runs the app's onClose hooks (consumers, pools) before exiting.
 */
export const serve = async (app: FastifyInstance, { host, port }: ListenOptions): Promise<void> => {
  await app.listen({ host, port });
  const shutdown = async (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
};

/** Runs a service's start-up; a bad configuration prints which variables are wrong and exits 1. */
export const runMain = (main: () => Promise<void>): void => {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
};
