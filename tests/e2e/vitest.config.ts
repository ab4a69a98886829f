import { project } from '../../vitest.shared.js';

// test/faults kill engines and services: they run alone, after everything else. test/audit is
// pure (vitest.audit.config.ts) and needs no stack.
export default project('e2e', {
  exclude: ['test/faults/**', 'test/audit/**'],
  globalSetup: ['src/global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 300_000,
});
