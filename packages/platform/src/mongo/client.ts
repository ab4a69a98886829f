import { MongoClient } from 'mongodb';

/**
 * A MongoDB client whose every wait is bounded well below a Kafka consumer's session timeout
 * (30 s), so a handler facing an unreachable server fails in seconds, is retried by the
 * consumer, and the group stays stable. The driver's default of 30 s to select a server would
 * use up the whole session on one attempt.
 */
export const createMongoClient = (url: string, maxPoolSize: number) =>
  new MongoClient(url, {
    maxPoolSize,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 15_000,
  });
