#!/usr/bin/env bash
# A MySQL-compatible server on 127.0.0.1:3306: Debian's MariaDB, or a mysqld already on PATH.
# Administration goes through a unix socket under .data; services get one password user each,
# limited to their own database. Sourced by engines.sh.

MARIADB_DIR="$DATA/mariadb"
MARIADB_SOCKET="$RUN_DIR/mysqld.sock"

mysql_server() {
  local candidate
  for candidate in mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld; do
    command -v "$candidate" 2>/dev/null && return 0
  done
  die mariadb "no mariadbd or mysqld found; run infra/native/provision.sh"
}
mysql_client() { command -v mariadb 2>/dev/null || command -v mysql; }

# The client would read MYSQL_HOST/MYSQL_PORT from .env and go over TCP; admin uses the socket.
socket_client() {
  env -u MYSQL_HOST -u MYSQL_PORT -u MYSQL_TCP_PORT "$(mysql_client)" --no-defaults \
    --protocol=socket --socket="$MARIADB_SOCKET" "$@"
}
is_mariadb() { "$(mysql_server)" --version | grep -qi mariadb; }

# Root logs in over the socket: unix_socket auth on MariaDB, the generated root password on MySQL.
mysql_admin() {
  if is_mariadb; then
    socket_client -u "$(id -un)" "$@"
  else
    MYSQL_PWD="$MYSQL_ROOT_PASSWORD" socket_client -u root "$@"
  fi
}

mariadb_initialize() {
  [[ -d "$MARIADB_DIR/mysql" ]] && return 0
  mkdir -p "$MARIADB_DIR"
  say mariadb "initialising a new data directory"
  if is_mariadb; then
    mariadb-install-db --no-defaults --datadir="$MARIADB_DIR" --user="$(id -un)" \
      --auth-root-authentication-method=socket --skip-test-db >>"$(log_file mariadb)" 2>&1 ||
      fail_with_log mariadb "mariadb-install-db failed"
  else
    "$(mysql_server)" --no-defaults --initialize-insecure --datadir="$MARIADB_DIR" \
      --user="$(id -un)" >>"$(log_file mariadb)" 2>&1 || fail_with_log mariadb "mysqld --initialize failed"
    touch "$MARIADB_DIR/.root-password-pending"
  fi
}

mariadb_start() {
  mariadb_initialize
  start_daemon mariadb "$(mysql_server)" --no-defaults --datadir="$MARIADB_DIR" \
    --socket="$MARIADB_SOCKET" --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
    --pid-file="$RUN_DIR/mysqld-internal.pid" --user="$(id -un)" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=256M --max-connections=500
}

mariadb_ready() {
  if [[ -f "$MARIADB_DIR/.root-password-pending" ]]; then
    socket_client -u root -e 'SELECT 1'
  else
    mysql_admin -e 'SELECT 1'
  fi
}

# One database and one password user per service; re-running it resets the passwords to .env.
mariadb_after_start() {
  if [[ -f "$MARIADB_DIR/.root-password-pending" ]]; then
    socket_client -u root -e "ALTER USER 'root'@'localhost' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}'"
    rm -f "$MARIADB_DIR/.root-password-pending"
  fi
  local sql
  sql="$("$ROOT/infra/mysql-service-users.sh")"
  mysql_admin -e "$sql" || die mariadb "could not create the service databases and users"
}
