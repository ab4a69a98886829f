import { type DueSweeper, dueSweeper } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import type { LifecycleDeps } from '../domain/lifecycle.js';
import { type SweepOptions, sweepHolds } from '../domain/sweeper.js';

/**
 * Runs the hold sweeper when a hold this process wrote falls due (`dueAt`, from the repository:
 * its expiry, or when an unfinished move would count as stuck), and at least every `intervalMs`
 * for what other replicas wrote or a crash left (expired holds, interrupted moves, orphaned
 * reservations). A failed pass is logged and retried. An idle service reads nothing.
 */
export const startSweeper = (
  deps: LifecycleDeps,
  options: SweepOptions & { intervalMs: number; logger: ServiceLogger },
): DueSweeper =>
  dueSweeper(
    async () => {
      const report = await sweepHolds(deps, options);
      if (report.expired + report.resumed + report.orphansReleased > 0)
        options.logger.info(report, 'hold sweep');
      return { more: report.full };
    },
    (error) => options.logger.warn({ err: error }, 'hold sweep failed'),
    { safetyIntervalMs: options.intervalMs },
  );
