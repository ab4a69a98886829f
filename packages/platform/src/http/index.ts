export { type OutgoingRequest, tracedRequest } from '../http-tracing.js';
export * from '../upstreams.js';
export * from './circuit-breaker.js';
export * from './json-call.js';
export * from './service-client.js';
