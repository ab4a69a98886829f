import { type Logger, type LoggerOptions, pino } from 'pino';
import { traceLogFields } from './tracing.js';

/**
 * Paths never written to a log. Requests are logged as one summary line without bodies, so
 * these are a second line of defence for objects logged by hand.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.cardNumber',
  '*.cvc',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.authorization',
];

export interface LoggerConfig {
  service: string;
  level: LoggerOptions['level'];
}

/**
 * pino JSON logger; pass `destination` to capture lines (tests check nothing secret leaks).
 * Lines written while a request or an event is handled carry its `traceId` and `spanId` (and
 * an event's `orderId`), read from the active trace context by the mixin.
 */
export const createLogger = (
  { service, level }: LoggerConfig,
  destination?: pino.DestinationStream,
): Logger =>
  pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: traceLogFields,
    },
    destination,
  );
