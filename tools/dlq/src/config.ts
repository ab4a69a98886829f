import { env, loadConfig } from '@shop/platform';
import { z } from 'zod';

const Schema = z.object({
  KAFKA_BROKERS: env.list(),
  KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
});

/** What `make dlq` needs from .env: the brokers and the topic namespace the services use. */
export const loadDlqConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return { brokers: raw.KAFKA_BROKERS, topicNamespace: raw.KAFKA_TOPIC_NAMESPACE };
};
