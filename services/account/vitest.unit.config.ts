import { unitProject } from '../../vitest.shared.js';
export default unitProject('account-service');
