/**
 * Versioned CQL schema of orders_keyspace, query first; append, never edit.
 *
 * `orders` holds one partition per order: the order itself in static columns, and one
 * clustering row per event about it, ordered by time. That makes a state change, the events it
 * announces (the outbox) and the id of the event that caused it (dedupe) one conditional batch
 * on one partition: a single Paxos write (LWT) that happens entirely or not at all. The same
 * rows, with the events other services published, are the order's timeline.
 */
export const migrations: { version: number; name: string; statements: string[] }[] = [
  {
    version: 1,
    name: 'orders, orders by user, outbox hints, deadlines, idempotency keys',
    statements: [
      `CREATE TABLE IF NOT EXISTS orders (
        order_id uuid,
        occurred_at timestamp,
        event_id uuid,
        user_id uuid STATIC,
        status text STATIC,
        items text STATIC,
        total_amount bigint STATIC,
        currency text STATIC,
        shipping_address text STATIC,
        payment_status text STATIC,
        payment_id uuid STATIC,
        cancel_reason text STATIC,
        stock_committed boolean STATIC,
        expires_at timestamp STATIC,
        created_at timestamp STATIC,
        updated_at timestamp STATIC,
        version int STATIC,
        handled_events set<uuid> STATIC,
        event_type text,
        source text,
        payload text,
        published boolean,
        PRIMARY KEY (order_id, occurred_at, event_id)
      ) WITH CLUSTERING ORDER BY (occurred_at ASC, event_id ASC)`,
      // A customer's orders, newest first, without a scan.
      `CREATE TABLE IF NOT EXISTS orders_by_user (
        user_id uuid,
        created_at timestamp,
        order_id uuid,
        PRIMARY KEY (user_id, created_at, order_id)
      ) WITH CLUSTERING ORDER BY (created_at DESC, order_id DESC)`,
      // Written before the batch that stores an event: tells the relay where to look.
      `CREATE TABLE IF NOT EXISTS outbox_pending (
        bucket int,
        order_id uuid,
        event_id uuid,
        created_at timestamp,
        PRIMARY KEY (bucket, order_id, event_id)
      )`,
      // Unpaid orders by payment deadline, so the sweeper reads only what is due.
      `CREATE TABLE IF NOT EXISTS order_deadlines (
        bucket int,
        expires_at timestamp,
        order_id uuid,
        PRIMARY KEY (bucket, expires_at, order_id)
      )`,
      `CREATE TABLE IF NOT EXISTS order_idempotency (
        user_id uuid,
        idempotency_key text,
        request_hash text,
        order_id uuid,
        created_at timestamp,
        PRIMARY KEY ((user_id, idempotency_key))
      ) WITH default_time_to_live = 86400`,
    ],
  },
  {
    version: 2,
    name: 'traceparent of each outbox event',
    statements: [
      // The trace context of the request or event that wrote the event: the relay sends it as
      // the `traceparent` header, so the saga's next handlers join the same trace.
      'ALTER TABLE orders ADD IF NOT EXISTS traceparent text',
    ],
  },
  {
    version: 3,
    name: 'purge the tombstones of published outbox hints',
    statements: [
      // Every published hint is deleted, and each bucket read steps over those tombstones until
      // compaction may drop them, after gc_grace_seconds (10 days by default). A hint that comes
      // back because a replica missed its deletion is harmless: the relay finds its event
      // published and deletes it again. So they can go at the next compaction. (Hints are read
      // and written at the client's consistency level, LOCAL_QUORUM on a cluster, so a hint
      // one replica missed is still read from the others.)
      'ALTER TABLE outbox_pending WITH gc_grace_seconds = 0',
    ],
  },
  {
    version: 4,
    name: 'the charge attempt an order is being paid with',
    statements: [
      // Set (by payment-service, before it asks the gateway) to the attempt that charges the
      // order; while set, the order's items cannot change.
      'ALTER TABLE orders ADD IF NOT EXISTS payment_attempt text STATIC',
    ],
  },
  {
    version: 5,
    name: 'the answer kept with each Idempotency-Key',
    statements: [
      // A retry with the key gets the first answer again (@shop/platform/idempotency).
      'ALTER TABLE order_idempotency ADD IF NOT EXISTS response_status int',
      'ALTER TABLE order_idempotency ADD IF NOT EXISTS response_body text',
    ],
  },
  {
    version: 6,
    name: 'every order by day, and by status and day, for the back office',
    statements: [
      // The days that have orders, newest first: one small partition (a row a day) that tells
      // the shop-wide listing which day partitions to read, so it never scans.
      `CREATE TABLE IF NOT EXISTS order_days (
        shard int,
        day text,
        PRIMARY KEY (shard, day)
      ) WITH CLUSTERING ORDER BY (day DESC)`,
      // Every customer's orders, newest first, a partition per UTC day of creation.
      `CREATE TABLE IF NOT EXISTS orders_by_day (
        day text,
        created_at timestamp,
        order_id uuid,
        PRIMARY KEY (day, created_at, order_id)
      ) WITH CLUSTERING ORDER BY (created_at DESC, order_id DESC)`,
      // The same under the order's current status: written before a change's batch, the old
      // status's row deleted after it (with the change's write time, so a later change back to
      // that status is never undone); the listing still checks each order's status.
      `CREATE TABLE IF NOT EXISTS orders_by_status (
        status text,
        day text,
        created_at timestamp,
        order_id uuid,
        PRIMARY KEY ((status, day), created_at, order_id)
      ) WITH CLUSTERING ORDER BY (created_at DESC, order_id DESC)`,
    ],
  },
  {
    version: 7,
    name: 'orders in PAID by the time they were paid',
    statements: [
      // The oldest PAID orders without a scan, for the gauge orders_paid_oldest_age_seconds
      // (jobs/paid-age.ts). A row is written before the batch that makes an order PAID and
      // deleted after the one that moves it on; a row whose order is not PAID (the batch did
      // not apply, a crash between) is found and deleted by the gauge's refresh, so a
      // resurrected tombstone is harmless and they can go at the next compaction.
      `CREATE TABLE IF NOT EXISTS orders_paid (
        bucket int,
        paid_at timestamp,
        order_id uuid,
        PRIMARY KEY (bucket, paid_at, order_id)
      ) WITH CLUSTERING ORDER BY (paid_at ASC, order_id ASC) AND gc_grace_seconds = 0`,
    ],
  },
  {
    version: 8,
    name: 'purge the tombstones of cleared deadlines',
    statements: [
      // Every order's deadline is deleted once it came due (sweeper) and each sweep reads its
      // buckets from the start, stepping over every deadline cleared within gc_grace_seconds
      // (10 days by default): a cost that grew with the orders of the last ten days, and a
      // bucket past Cassandra's tombstone failure threshold (100,000) would fail every sweep.
      // A deadline that comes back because a replica missed its deletion is harmless: the
      // sweeper finds its order no longer unpaid and deletes it again. As for the outbox hints
      // and the PAID index, they can go at the next compaction.
      'ALTER TABLE order_deadlines WITH gc_grace_seconds = 0',
    ],
  },
  {
    version: 9,
    name: 'purge the tombstones of statuses orders left',
    statements: [
      // Every status change deletes the order's row under the status it left, so the partition
      // of a busy status and day (PENDING_PAYMENT, PAID) holds a tombstone per order that moved
      // on. The stuck-orders look and the ADMIN listing read those partitions newest first and
      // stepped over every one of them for ten days (gc_grace_seconds' default): at about
      // 100,000 orders a day, one day's partition would pass Cassandra's tombstone failure
      // threshold and fail those reads. A row resurrected by a replica that missed its deletion
      // is harmless: both readers check each order's own status. As for the deadlines, the
      // outbox hints and the PAID index, they can go at the next compaction.
      'ALTER TABLE orders_by_status WITH gc_grace_seconds = 0',
    ],
  },
];
