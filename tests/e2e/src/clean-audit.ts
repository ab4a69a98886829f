import { eventually } from '@shop/testing';
import { audit, type Violation } from './audit.js';
import type { Stores } from './stores.js';

/**
 * The audit once the stack has caught up: polled until it is clean (sagas may still be
 * finishing), and after two minutes whatever it still finds, for the test to show.
 */
export const settledAudit = async (stores: Stores): Promise<Violation[]> =>
  await eventually(
    async () => {
      const violations = await audit(stores);
      return violations.length === 0 ? violations : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 2_000, what: 'a clean audit' },
  ).catch(async () => await audit(stores));
