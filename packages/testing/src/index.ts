export * from './eventually.js';
export * from './kafka-tap.js';
