import { type AuditOptions, checkSnapshot } from './audit/checks.js';
import { loadSnapshot } from './audit/load.js';
import type { Violation } from './audit/report.js';
import type { Stores } from './stores.js';

export type { AuditOptions } from './audit/checks.js';
export { auditOptionsFromEnv } from './audit/options.js';
export type { Violation } from './audit/report.js';

/**
 * Reads every store of the saga (and the dead-letter topics) and checks the invariants of
 * docs/contract/invariants.md. Meant for a quiet system: by default anything in flight is reported.
 */
export const audit = async (stores: Stores, options: AuditOptions = {}): Promise<Violation[]> =>
  checkSnapshot(await loadSnapshot(stores), options);
