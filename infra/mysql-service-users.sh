#!/usr/bin/env bash
# Prints the SQL that gives each MySQL-backed service its own database and password user,
# limited to that database and to scratch databases named test_<database>_* (test suites create
# and drop their own). Idempotent; re-running it resets the passwords to the environment.
# Used by the native engine (infra/native/mariadb.sh) and the Docker image (infra/docker).
set -euo pipefail

while read -r db user password; do
  printf "CREATE DATABASE IF NOT EXISTS \`%s\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n" "$db"
  printf "CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '%s';\n" "$user" "$password"
  printf "ALTER USER '%s'@'%%' IDENTIFIED BY '%s';\n" "$user" "$password"
  printf "GRANT ALL PRIVILEGES ON \`%s\`.* TO '%s'@'%%';\n" "$db" "$user"
  printf "GRANT ALL PRIVILEGES ON \`test\\_%s\\_%%\`.* TO '%s'@'%%';\n" "${db//_/\\_}" "$user"
done <<ROWS
accounts_db ${ACCOUNT_DB_USER:?} ${ACCOUNT_DB_PASSWORD:?}
payments_db ${PAYMENT_DB_USER:?} ${PAYMENT_DB_PASSWORD:?}
carts_db ${CART_DB_USER:?} ${CART_DB_PASSWORD:?}
ROWS
