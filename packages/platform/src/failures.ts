import { DomainError } from './errors.js';

/**
 * A failure about the world, not about the request or event: a store or a peer that does not
 * answer, a lock or a state another worker holds for a moment. Trying the same thing again later
 * can succeed, so a consumer retries it for as long as it takes and never dead-letters it.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

// Socket-level codes (Node, mysql2, the MongoDB and Cassandra drivers all surface them).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  // mysql2: the connection closed or a handshake/packet never came.
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'POOL_CLOSED',
]);

// MySQL/MariaDB server errors that mean "not now": lock wait timeout, deadlock, too many
// connections, shutting down, connection killed, server gone away, lost connection, read-only.
const MYSQL_TRANSIENT_ERRNOS = new Set([1040, 1053, 1205, 1213, 1290, 1927, 2006, 2013, 4031]);

// MongoDB driver classes for an unreachable or restarting server.
const MONGO_TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
]);
// Server codes: interrupted/shutting down, not primary, write conflict, exceeded time limit.
const MONGO_TRANSIENT_CODES = new Set([
  6, 7, 50, 89, 91, 112, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);

// cassandra-driver: no node answered, a request timed out on the client, or the coordinator said
// unavailable (0x1000), overloaded (0x1001), bootstrapping (0x1002), write/read timeout
// (0x1100/0x1200). An LWT that timed out has an unknown outcome; handlers re-read and decide again.
const CASSANDRA_TRANSIENT_NAMES = new Set([
  'NoHostAvailableError',
  'OperationTimedOutError',
  'BusyConnectionError',
]);
const CASSANDRA_TRANSIENT_CODES = new Set([0x1000, 0x1001, 0x1002, 0x1100, 0x1200]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  cause?: unknown;
  hasErrorLabel?: (label: string) => boolean;
}

const nameOf = (error: ErrorShape) => (typeof error.name === 'string' ? error.name : '');

/** Node and mysql2: the socket failed, or the server said "not now". */
const isNetworkOrMysql = (error: ErrorShape) =>
  (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) ||
  (typeof error.errno === 'number' && MYSQL_TRANSIENT_ERRNOS.has(error.errno)) ||
  // mysql2 marks errors that broke the connection itself as fatal.
  error.fatal === true;

const isMongo = (error: ErrorShape) => {
  const name = nameOf(error);
  if (MONGO_TRANSIENT_NAMES.has(name)) return true;
  if (name.startsWith('Mongo') && typeof error.code === 'number')
    if (MONGO_TRANSIENT_CODES.has(error.code)) return true;
  return (
    typeof error.hasErrorLabel === 'function' &&
    (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('TransientTransactionError'))
  );
};

const isCassandra = (error: ErrorShape) =>
  CASSANDRA_TRANSIENT_NAMES.has(nameOf(error)) ||
  (nameOf(error) === 'ResponseError' &&
    typeof error.code === 'number' &&
    CASSANDRA_TRANSIENT_CODES.has(error.code));

const isTransientShape = (error: ErrorShape): boolean => {
  if (error instanceof TransientError) return true;
  // 503 (a peer or store unavailable) and 429 (come back later) are promises of "later".
  if (error instanceof DomainError) return error.status === 503 || error.status === 429;
  if (nameOf(error) === 'TimeoutError' || nameOf(error) === 'AbortError') return true;
  return isNetworkOrMysql(error) || isMongo(error) || isCassandra(error);
};

/**
 * Whether `error` (or an error it was caused by) is about the world rather than about what was
 * asked: retrying later can succeed. Known by shape, so this module needs none of the drivers.
 */
export const isTransientError = (error: unknown): boolean => {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object'; ) {
    if (seen.has(current)) return false;
    seen.add(current);
    if (isTransientShape(current as ErrorShape)) return true;
    current = (current as ErrorShape).cause;
  }
  return false;
};
