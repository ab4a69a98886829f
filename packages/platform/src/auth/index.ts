export * from './access.js';
export * from './accounts.js';
export * from './key-set-cache.js';
export * from './keys.js';
export * from './plugin.js';
export * from './revocations.js';
export * from './service-token.js';
