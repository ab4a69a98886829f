import type { MysqlConfig } from '@shop/platform/mysql';
import mysql from 'mysql2/promise';

/**
 * Creates a suite's own scratch database (`test_<db>_…`, which the service user may create):
 * nothing another suite or the running stack writes reaches it.
 */
export const createScratchDatabase = async ({ database, ...server }: MysqlConfig) => {
  const connection = await mysql.createConnection(server);
  await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  await connection.end();
};
