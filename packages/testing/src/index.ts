export * from './deliver.js';
export * from './engines.js';
export * from './eventually.js';
export * from './http.js';
export * from './kafka-tap.js';
export * from './mysql.js';
export * from './namespace.js';
export * from './replica.js';
