import { audit } from './audit.js';
import { openStores } from './stores.js';

/** `make audit`: prints every violation of PRODUCT.md §8 with its ids; exits 1 if there is any. */
const stores = await openStores();
try {
  const violations = await audit(stores);
  for (const violation of violations) {
    console.error(
      `invariant ${violation.invariant}: ${violation.message} ${JSON.stringify(violation.ids)}`,
    );
  }
  console.error(
    violations.length === 0
      ? 'audit clean: every invariant holds'
      : `${violations.length} violation(s)`,
  );
  process.exitCode = violations.length === 0 ? 0 : 1;
} finally {
  await stores.close();
}
