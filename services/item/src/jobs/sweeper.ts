import type { ServiceLogger } from '@shop/platform';
import type { LifecycleDeps } from '../domain/lifecycle.js';
import { type SweepOptions, sweepHolds } from '../domain/sweeper.js';

/** Runs the hold sweeper every `intervalMs` until stopped; a failed pass is logged and retried. */
export const startSweeper = (
  deps: LifecycleDeps,
  options: SweepOptions & { intervalMs: number; logger: ServiceLogger },
) => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const pass = async () => {
    try {
      const report = await sweepHolds(deps, options);
      if (report.expired + report.resumed + report.orphansReleased > 0)
        options.logger.info(report, 'hold sweep');
    } catch (error) {
      options.logger.warn({ err: error }, 'hold sweep failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, options.intervalMs);
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
