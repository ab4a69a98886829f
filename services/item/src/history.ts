/**
 * What a tool needs to store holds exactly as this service does, without its HTTP API or its
 * saga: the document mapping of the hold repository, the collections (with their indexes), and
 * the repository itself to read them back. tools/bench seeds stored history with these.
 */
export type { HoldDocument } from './data/documents.js';
export { createHoldRepository, toHoldDocument } from './data/hold-repository.js';
export { prepareItemDb } from './data/indexes.js';
export { RESERVING_STATES } from './domain/hold-transitions.js';
export type { HoldRecord } from './domain/model.js';
export { toPublicHold } from './routes/holds.js';
