import { addIndexIfMissing, type Migration, OUTBOX_MIGRATIONS } from '@shop/platform/mysql';

/** Re-runnable ADD COLUMN (MySQL 8.4 has no ADD COLUMN IF NOT EXISTS; MariaDB has). */
const addColumnIfMissing = (table: string, column: string, definition: string) => [
  `SET @ddl = IF((SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${table}' AND column_name = '${column}') = 0, 'ALTER TABLE ${table} ADD COLUMN ${column} ${definition}', 'SELECT 1')`,
  'PREPARE conditional_ddl FROM @ddl',
  'EXECUTE conditional_ddl',
  'DEALLOCATE PREPARE conditional_ddl',
];

/** Versioned schema of accounts_db, applied at start-up; append, never edit. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'accounts, refresh tokens, login attempts',
    statements: [
      `CREATE TABLE IF NOT EXISTS accounts (
        id CHAR(36) NOT NULL PRIMARY KEY,
        email VARCHAR(254) NOT NULL,
        email_normalized VARCHAR(254) NOT NULL,
        name VARCHAR(100) NOT NULL,
        role VARCHAR(16) NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        token_version INT NOT NULL,
        shipping_address JSON NULL,
        billing_address JSON NULL,
        payment_method JSON NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_accounts_email (email_normalized),
        CONSTRAINT chk_accounts_role CHECK (role IN ('CUSTOMER', 'ADMIN'))
      )`,
      // Only a SHA-256 of each refresh token is kept; a family is one login's chain of rotations.
      `CREATE TABLE IF NOT EXISTS refresh_tokens (
        token_hash CHAR(64) NOT NULL PRIMARY KEY,
        family_id CHAR(36) NOT NULL,
        account_id CHAR(36) NOT NULL,
        status VARCHAR(10) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        KEY ix_refresh_tokens_family (family_id),
        KEY ix_refresh_tokens_account (account_id),
        CONSTRAINT chk_refresh_tokens_status CHECK (status IN ('ACTIVE', 'ROTATED', 'REVOKED'))
      )`,
      // Failed logins per subject: 'account:<email>' or 'address:<client ip>'.
      `CREATE TABLE IF NOT EXISTS login_attempts (
        subject VARCHAR(300) NOT NULL PRIMARY KEY,
        failures INT NOT NULL,
        window_started_at DATETIME(3) NOT NULL,
        blocked_until DATETIME(3) NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'login throttle keyed by account id or keyed hash',
    statements: [
      // The old counters were keyed by raw emails and addresses: they go, with their table.
      'DROP TABLE IF EXISTS login_attempts',
      // Attempts per subject: 'account:<id>', 'email:<HMAC>' or 'address:<HMAC>'.
      `CREATE TABLE IF NOT EXISTS login_throttle (
        subject VARCHAR(100) NOT NULL PRIMARY KEY,
        attempts INT NOT NULL,
        window_started_at DATETIME(3) NOT NULL,
        blocked_until DATETIME(3) NULL,
        updated_at DATETIME(3) NOT NULL,
        KEY ix_login_throttle_updated (updated_at)
      )`,
    ],
  },
  {
    version: 3,
    name: 'refresh tokens by expiry, for the retention purge',
    statements: addIndexIfMissing('refresh_tokens', 'ix_refresh_tokens_expiry', 'expires_at'),
  },
  {
    version: 4,
    name: 'accounts by last change, for the token revocation list',
    statements: addIndexIfMissing('accounts', 'ix_accounts_updated_at', 'updated_at'),
  },
  {
    version: 5,
    name: 'accounts by name, for the ADMIN search by name prefix',
    statements: addIndexIfMissing('accounts', 'ix_accounts_name', 'name'),
  },
  {
    version: 6,
    name: 'password reset and email verification: tokens, verified flag, outbox',
    statements: [
      // Only a SHA-256 of each token is kept; used_at makes it single-use.
      `CREATE TABLE IF NOT EXISTS account_tokens (
        token_hash CHAR(64) NOT NULL PRIMARY KEY,
        account_id CHAR(36) NOT NULL,
        purpose VARCHAR(20) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        KEY ix_account_tokens_account (account_id, purpose),
        KEY ix_account_tokens_expiry (expires_at),
        CONSTRAINT chk_account_tokens_purpose CHECK (purpose IN ('PASSWORD_RESET', 'EMAIL_VERIFICATION'))
      )`,
      ...addColumnIfMissing('accounts', 'email_verified_at', 'DATETIME(3) NULL'),
      // The emails' events (account.events) leave with the change that asks for them.
      ...OUTBOX_MIGRATIONS.slice(0, 1),
    ],
  },
];
