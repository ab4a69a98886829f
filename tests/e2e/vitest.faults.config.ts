import { project } from '../../vitest.shared.js';

/**
 * The saga under faults: kills and freezes Kafka and the services (replicas.test.ts also runs
 * two processes of every consuming service and goes back to one), so it runs alone.
 */
export default project('e2e-faults', {
  include: ['test/faults/**/*.test.ts'],
  globalSetup: ['src/global-setup.ts'],
  testTimeout: 600_000,
  hookTimeout: 300_000,
});
