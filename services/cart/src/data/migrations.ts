import {
  type Migration,
  PROCESSED_EVENTS_MIGRATION,
  PROCESSED_EVENTS_RETENTION_MIGRATION,
} from '@shop/platform/mysql';

/** Versioned schema of carts_db, applied at start-up; append, never edit. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'carts, lines, checkouts, processed events',
    statements: [
      // One row per user, kept when the cart is emptied: locking it serialises every change of
      // that cart, and `version` keeps growing, so a version never names two different carts.
      `CREATE TABLE IF NOT EXISTS carts (
        user_id CHAR(36) NOT NULL PRIMARY KEY,
        version BIGINT NOT NULL,
        updated_at DATETIME(3) NOT NULL
      )`,
      // Only what the customer chose; name, price and stock are read from item-service when
      // the cart is shown. The currency is kept to refuse mixing currencies in one cart.
      `CREATE TABLE IF NOT EXISTS cart_lines (
        user_id CHAR(36) NOT NULL,
        item_id CHAR(36) NOT NULL,
        quantity INT NOT NULL,
        currency CHAR(3) NOT NULL,
        added_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id, item_id),
        CONSTRAINT chk_cart_lines_quantity CHECK (quantity >= 1 AND quantity <= 1000)
      )`,
      // Orders placed from a cart, with the lines they took: OrderCompleted removes exactly
      // those from the cart; lines added after the checkout stay.
      `CREATE TABLE IF NOT EXISTS checkouts (
        order_id CHAR(36) NOT NULL PRIMARY KEY,
        user_id CHAR(36) NOT NULL,
        cart_version BIGINT NOT NULL,
        lines_json TEXT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        completed_at DATETIME(3) NULL,
        KEY ix_checkouts_user (user_id, created_at)
      )`,
      PROCESSED_EVENTS_MIGRATION,
    ],
  },
  {
    version: 2,
    name: 'processed events by time, for the retention purge',
    statements: PROCESSED_EVENTS_RETENTION_MIGRATION,
  },
];
