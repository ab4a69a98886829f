import cassandra from 'cassandra-driver';
import { type Db, MongoClient } from 'mongodb';
import mysql, { type Pool } from 'mysql2/promise';

export interface Stores {
  items: Db;
  orders: cassandra.Client;
  payments: Pool;
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
  const payments = mysql.createPool({
    host: required(env, 'MYSQL_HOST'),
    port: Number(required(env, 'MYSQL_PORT')),
    user: required(env, 'PAYMENT_DB_USER'),
    password: required(env, 'PAYMENT_DB_PASSWORD'),
    database: required(env, 'PAYMENT_DB_NAME'),
    timezone: 'Z',
    connectionLimit: 4,
  });
  return {
    items: mongo.db(required(env, 'ITEM_DB_NAME')),
    orders,
    payments,
    close: async () => {
      await mongo.close();
      await orders.shutdown();
      await payments.end();
    },
  };
};
