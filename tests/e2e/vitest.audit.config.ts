import { project } from '../../vitest.shared.js';

/** The audit's checks over hand-made snapshots: pure, no engine and no stack to start. */
export default project('e2e-audit', { include: ['test/audit/**/*.test.ts'] });
