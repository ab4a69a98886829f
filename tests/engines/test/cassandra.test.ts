import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setting, uniqueName } from './env.js';

describe('Cassandra through cassandra-driver', () => {
  let client: cassandra.Client;
  const keyspace = uniqueName('engine_proof');

  beforeAll(async () => {
    client = new cassandra.Client({
      contactPoints: setting('CASSANDRA_CONTACT_POINTS').split(','),
      localDataCenter: setting('CASSANDRA_LOCAL_DC'),
    });
    await client.connect();
    await client.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(
      `CREATE TABLE ${keyspace}.orders (id uuid PRIMARY KEY, status text, version int)`,
    );
  });

  afterAll(async () => {
    await client?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    await client?.shutdown();
  });

  it('when a row is written with a prepared statement, then it reads back', async () => {
    const id = cassandra.types.Uuid.random();
    await client.execute(
      `INSERT INTO ${keyspace}.orders (id, status, version) VALUES (?, ?, ?)`,
      [id, 'PENDING_PAYMENT', 1],
      { prepare: true },
    );
    const result = await client.execute(
      `SELECT status, version FROM ${keyspace}.orders WHERE id = ?`,
      [id],
      {
        prepare: true,
      },
    );
    expect(result.first()).toMatchObject({ status: 'PENDING_PAYMENT', version: 1 });
  });

  it('when two writers compare-and-set the same version, then exactly one applies (LWT)', async () => {
    const id = cassandra.types.Uuid.random();
    await client.execute(
      `INSERT INTO ${keyspace}.orders (id, status, version) VALUES (?, ?, ?) IF NOT EXISTS`,
      [id, 'PENDING_PAYMENT', 1],
      { prepare: true },
    );
    const update = `UPDATE ${keyspace}.orders SET status = ?, version = ? WHERE id = ? IF version = ?`;
    const [paid, cancelled] = await Promise.all([
      client.execute(update, ['PAID', 2, id, 1], { prepare: true }),
      client.execute(update, ['CANCELLED', 2, id, 1], { prepare: true }),
    ]);

    const applied = [paid, cancelled].map((result) => result.wasApplied());
    expect(applied.filter(Boolean)).toHaveLength(1);
    const row = (
      await client.execute(`SELECT status FROM ${keyspace}.orders WHERE id = ?`, [id], {
        prepare: true,
      })
    ).first();
    expect(row?.status).toBe(applied[0] ? 'PAID' : 'CANCELLED');
  });
});
