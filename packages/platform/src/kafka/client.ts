import type { FastifyBaseLogger } from 'fastify';
import { type Admin, Kafka, type LogEntry, logLevel } from 'kafkajs';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  logger: FastifyBaseLogger;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client logging through the service's pino logger (warnings and errors only). */
export const createKafka = ({ clientId, brokers, logger }: KafkaOptions): Kafka =>
  new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 300, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger[LEVELS[level] ?? 'info']({ kafka: extra }, message);
      },
  });

/** Readiness: the broker answers a metadata request through an already connected admin. */
export const kafkaReady = (admin: Admin) => async () => await admin.describeCluster();
