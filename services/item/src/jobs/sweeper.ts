import { every } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import type { LifecycleDeps } from '../domain/lifecycle.js';
import { type SweepOptions, sweepHolds } from '../domain/sweeper.js';

/** Runs the hold sweeper every `intervalMs` until stopped; a failed pass is logged and retried. */
export const startSweeper = (
  deps: LifecycleDeps,
  options: SweepOptions & { intervalMs: number; logger: ServiceLogger },
) =>
  every(
    options.intervalMs,
    async () => {
      const report = await sweepHolds(deps, options);
      if (report.expired + report.resumed + report.orphansReleased > 0)
        options.logger.info(report, 'hold sweep');
    },
    (error) => options.logger.warn({ err: error }, 'hold sweep failed'),
  );
