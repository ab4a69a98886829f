import { checkSnapshot } from './audit/checks.js';
import { loadSnapshot } from './audit/load.js';
import { summarize } from './audit/summary.js';
import { auditOptionsFromEnv } from './audit.js';
import { openStores } from './stores.js';

/**
 * `make audit`: prints every violation of docs/contract/invariants.md with its ids, then the
 * orders and payments by status side by side and the equalities of paid orders and successful
 * payments, cancelled orders and failed or refunded payments, each difference explained by the
 * state behind it (audit/reconcile.ts); exits 1 if there is any violation. Thresholds:
 * audit/options.ts.
 */
let options: ReturnType<typeof auditOptionsFromEnv>;
try {
  options = auditOptionsFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const stores = await openStores();
try {
  const snapshot = await loadSnapshot(stores);
  const violations = checkSnapshot(snapshot, options);
  for (const violation of violations) {
    console.error(
      `invariant ${violation.invariant}: ${violation.message} ${JSON.stringify(violation.ids)}`,
    );
  }
  for (const line of summarize(snapshot)) console.error(line);
  console.error(
    violations.length === 0
      ? 'audit clean: every invariant holds'
      : `${violations.length} violation(s)`,
  );
  process.exitCode = violations.length === 0 ? 0 : 1;
} finally {
  await stores.close();
}
