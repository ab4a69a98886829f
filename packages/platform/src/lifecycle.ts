import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from './config.js';

export { type DueSweeper, dueSweeper, type PassOutcome } from './due-sweeps.js';

export interface ListenOptions {
  host: string;
  port: number;
  /**
   * How long a graceful close may take before the process exits anyway (1): below the 30 s an
   * orchestrator waits after SIGTERM before it kills, so our exit is the one that is logged.
   */
  closeDeadlineMs?: number;
}

/**
 * Listens and closes gracefully (close-with-grace) on SIGINT/SIGTERM and on an uncaught error:
 * Fastify stops accepting requests, lets the running ones finish, stops background work
 * (preClose) and closes pools (onClose), then exits. A close that hangs past the deadline, or a
 * second signal, ends the process at once, so a stuck `stop()` never waits for a SIGKILL.
 */
export const serve = async (
  app: FastifyInstance,
  { host, port, closeDeadlineMs = 25_000 }: ListenOptions,
): Promise<void> => {
  await app.listen({ host, port });
  closeWithGrace(
    {
      delay: closeDeadlineMs,
      logger: { error: (message: unknown) => app.log.error({ reason: message }, 'forced exit') },
    },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'closing after an uncaught error');
      else app.log.info({ signal }, 'shutting down');
      await app.close();
    },
  );
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
