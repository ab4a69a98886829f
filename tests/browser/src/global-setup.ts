import { startServices } from '@shop/e2e/stack';

/** The engines, every service and the gateway serving the storefront build, as `make up` runs them. */
export const setup = () => startServices();
