export * from './keys.js';
export * from './plugin.js';
