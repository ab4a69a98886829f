import { project } from '../../vitest.shared.js';

// test/faults stop engines: they run alone, after everything else (vitest.faults.config.ts).
export default project('payment-service', { exclude: ['test/faults/**'] });
