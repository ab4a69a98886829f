import { project } from '../../vitest.shared.js';

export default project('browser', {
  globalSetup: ['src/global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 300_000,
});
