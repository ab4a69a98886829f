import { startServices } from './stack.js';

/** Once per run, before any test file: the engines and every service, as `make up` starts them. */
export const setup = () => startServices();
