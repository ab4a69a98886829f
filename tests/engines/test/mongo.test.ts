import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setting, uniqueName } from './env.js';

interface StockDoc {
  _id: string;
  stock: number;
}

describe('MongoDB wire protocol through the mongodb driver', () => {
  let client: MongoClient;
  const dbName = uniqueName('engine_proof');

  beforeAll(async () => {
    client = new MongoClient(setting('MONGO_URL'), { maxPoolSize: 50 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.db(dbName).dropDatabase();
    await client?.close();
  });

  it('when a document is inserted, then it reads back and a unique index refuses a duplicate', async () => {
    const items = client.db(dbName).collection('items');
    await items.createIndex({ upc: 1 }, { unique: true });
    await items.insertOne({
      _id: crypto.randomUUID() as never,
      upc: '036000291452',
      attributes: { color: 'red' },
    });

    const found = await items.findOne({ upc: '036000291452' });
    expect(found?.attributes).toEqual({ color: 'red' });

    const duplicate = items.insertOne({ _id: crypto.randomUUID() as never, upc: '036000291452' });
    await expect(duplicate).rejects.toBeInstanceOf(MongoServerError);
    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
  });

  it('when 200 guarded decrements race on stock 10, then exactly 10 succeed and stock ends at 0', async () => {
    const stock = client.db(dbName).collection<StockDoc>('stock');
    const _id = crypto.randomUUID();
    await stock.insertOne({ _id, stock: 10 });

    const attempts = Array.from({ length: 200 }, async () =>
      stock.findOneAndUpdate(
        { _id, stock: { $gte: 1 } },
        { $inc: { stock: -1 } },
        { returnDocument: 'before' },
      ),
    );
    const results = await Promise.all(attempts);

    const succeeded = results.filter((result) => result !== null);
    expect(succeeded).toHaveLength(10);
    // Each success saw a distinct stock level: no two decrements read the same value.
    expect(new Set(succeeded.map((doc) => doc?.stock))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    );
    expect((await stock.findOne({ _id }))?.stock).toBe(0);
  });

  it('when 200 guarded updateOne calls race on stock 10, then exactly 10 report a modification', async () => {
    const stock = client.db(dbName).collection<StockDoc>('stock');
    const _id = crypto.randomUUID();
    await stock.insertOne({ _id, stock: 10 });

    const results = await Promise.all(
      Array.from({ length: 200 }, async () =>
        stock.updateOne({ _id, stock: { $gte: 1 } }, { $inc: { stock: -1 } }),
      ),
    );

    expect(results.filter((result) => result.modifiedCount === 1)).toHaveLength(10);
    expect((await stock.findOne({ _id }))?.stock).toBe(0);
  });

  // The native engine answers these from the _id index (infra/native/mongo/MongoWireServer.java):
  // the rest of the query must still be applied to the document found.
  it('when a query names _id beside other conditions, then only documents meeting all of them match', async () => {
    const stock = client.db(dbName).collection<StockDoc>('stock');
    const [low, high, other] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await stock.insertMany([
      { _id: low, stock: 1 },
      { _id: high, stock: 9 },
      { _id: other, stock: 9 },
    ]);

    expect(await stock.findOne({ _id: low, stock: { $gte: 5 } })).toBeNull();
    expect(await stock.findOne({ _id: high, stock: { $gte: 5 } })).toEqual({ _id: high, stock: 9 });
    const some = await stock
      .find({ _id: { $in: [low, high] }, stock: { $gte: 1 } })
      .sort({ stock: -1 })
      .toArray();
    expect(some.map((doc) => doc._id)).toEqual([high, low]);

    const missed = await stock.updateOne({ _id: low, stock: 9 }, { $set: { stock: 0 } });
    const hit = await stock.updateOne({ _id: high, stock: 9 }, { $set: { stock: 0 } });
    expect([missed.modifiedCount, hit.modifiedCount]).toEqual([0, 1]);
    const after = await stock
      .find({ _id: { $in: [low, high, other] } })
      .sort({ stock: 1 })
      .toArray();
    expect(after).toEqual([
      { _id: high, stock: 0 },
      { _id: low, stock: 1 },
      { _id: other, stock: 9 },
    ]);
  });
});
