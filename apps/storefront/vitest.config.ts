import { project } from '../../vitest.shared.js';

// The pure logic (money, UPC, problems, JWT) runs in node: no DOM is needed to test it.
export default project('storefront', { environment: 'node' });
