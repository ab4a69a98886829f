import { createLogger } from '@shop/platform';
import { createKafka, type DeadLetterDesk, deadLetterDesk } from '@shop/platform/kafka';
import cassandra from 'cassandra-driver';
import { type Db, MongoClient } from 'mongodb';
import mysql, { type Pool } from 'mysql2/promise';

export interface Stores {
  items: Db;
  orders: cassandra.Client;
  payments: Pool;
  carts: Pool;
  /** The saga's dead letters (Kafka), in the services' topic namespace. */
  deadLetters: DeadLetterDesk;
  close(): Promise<void>;
}

const required = (env: Record<string, string | undefined>, name: string) => {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set (run make env)`);
  return value;
};

/** Read access to every store of the saga, configured like the services (.env). */
export const openStores = async (
  env: Record<string, string | undefined> = process.env,
): Promise<Stores> => {
  const mongo = new MongoClient(required(env, 'MONGO_URL'));
  await mongo.connect();
  const orders = new cassandra.Client({
    contactPoints: required(env, 'CASSANDRA_CONTACT_POINTS').split(','),
    localDataCenter: required(env, 'CASSANDRA_LOCAL_DC'),
    keyspace: required(env, 'ORDER_KEYSPACE'),
  });
  await orders.connect();
  const mysqlPool = (service: 'PAYMENT' | 'CART') =>
    mysql.createPool({
      host: required(env, 'MYSQL_HOST'),
      port: Number(required(env, 'MYSQL_PORT')),
      user: required(env, `${service}_DB_USER`),
      password: required(env, `${service}_DB_PASSWORD`),
      database: required(env, `${service}_DB_NAME`),
      timezone: 'Z',
      connectionLimit: 4,
    });
  const payments = mysqlPool('PAYMENT');
  const carts = mysqlPool('CART');
  const kafka = createKafka({
    clientId: 'shop-audit',
    brokers: required(env, 'KAFKA_BROKERS').split(','),
    logger: createLogger({ service: 'audit', level: 'silent' }),
  });
  return {
    items: mongo.db(required(env, 'ITEM_DB_NAME')),
    orders,
    payments,
    carts,
    deadLetters: deadLetterDesk({ kafka, topicNamespace: env.KAFKA_TOPIC_NAMESPACE ?? '' }),
    close: async () => {
      await mongo.close();
      await orders.shutdown();
      await payments.end();
      await carts.end();
    },
  };
};
