import { project } from '../../vitest.shared.js';

// test/faults stop engines: they run alone, after everything else (vitest.faults.config.ts).
export default project('order-service', { exclude: ['test/faults/**'] });
