/** One log method: an object of fields and a message, or only a message (pino's shape). */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * What domain code may log through: the four levels, no framework type. The services' pino
 * logger (and Fastify's, which is pino) satisfies it, and so does a test's array of lines.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}
