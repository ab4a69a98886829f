export * from './config.js';
export * from './errors.js';
export * from './health.js';
export * from './logger.js';
export * from './metrics.js';
export * from './problem.js';
export * from './service-app.js';
