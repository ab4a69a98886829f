import type { FastifyInstance } from 'fastify';
import { ConfigError } from './config.js';

export interface ListenOptions {
  host: string;
  port: number;
}

/**
 * Listens and closes gracefully on SIGINT/SIGTERM: Fastify stops accepting requests, lets the
 * running ones finish, stops background work (preClose) and closes pools (onClose), then exits.
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

/** Background work a service runs beside its HTTP server. */
export interface Stoppable {
  stop(): Promise<unknown> | unknown;
}

/**
 * Stops background work when the app starts closing, last started first. `preClose`, not
 * `onClose`: the pools and clients server.ts closes in its own onClose hooks must still be open
 * while a consumer finishes the event in hand, or that event would fail and be dead-lettered.
 */
export const stopOnClose = (app: FastifyInstance, ...workers: (Stoppable | undefined)[]) => {
  app.addHook('preClose', async () => {
    for (const worker of [...workers].reverse()) await worker?.stop();
  });
};

/**
 * Runs `task` every `intervalMs` until stopped; runs never overlap, and a failed run is logged
 * and tried again at the next tick. `stop` waits for a run in progress.
 */
export const every = (
  intervalMs: number,
  task: () => Promise<unknown>,
  onError: (error: unknown) => void,
): Stoppable => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = task().catch(onError).finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
