import { project } from '../../vitest.shared.js';

/** Fault tests that stop and restart engines; `make test` runs them alone, after the rest. */
export default project('payment-service-faults', {
  include: ['test/faults/**/*.test.ts'],
  testTimeout: 180_000,
  hookTimeout: 240_000,
});
