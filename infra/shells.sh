#!/usr/bin/env bash
# Shells into the stores: `shells.sh cqlsh|mongosh|mysql|kcat [ARGS...]` (make cqlsh, …).
# Each connects to the loopback address and credentials of .env (the same for the native engines
# and the Docker ones) and provisions its client on first use: cqlsh from PyPI into a venv and
# mongosh from npm, both under .data/cache; Debian's MariaDB client and kcat. Versions:
# infra/versions.env. Extra arguments go to the client as they are.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"

# The first host:port of a comma-separated list such as CASSANDRA_CONTACT_POINTS.
first_host() { printf '%s' "${1%%,*}" | cut -d: -f1; }
first_port() {
  local first="${1%%,*}"
  [[ "$first" == *:* ]] && printf '%s' "${first##*:}" || printf '%s' "$2"
}

cqlsh_shell() {
  local bin
  bin="$(pip_tool cqlsh "$CQLSH_VERSION")"
  local points="${CASSANDRA_CONTACT_POINTS:-127.0.0.1:9042}"
  exec "$bin/cqlsh" "$(first_host "$points")" "$(first_port "$points" 9042)" \
    -k "${ORDER_KEYSPACE:-orders_keyspace}" "$@"
}

mongosh_shell() {
  local home="$CACHE/mongosh-$MONGOSH_VERSION"
  local mongosh="$home/node_modules/.bin/mongosh"
  if [[ ! -f "$home/.complete" ]]; then
    say mongosh "installing mongosh $MONGOSH_VERSION from npm into ${home#"$ROOT"/}"
    rm -rf "$home"
    mkdir -p "$home"
    npm install --prefix "$home" --no-save --no-audit --no-fund --loglevel=error \
      "mongosh@$MONGOSH_VERSION" >/dev/null || die mongosh "npm could not install mongosh"
    # No usage data sent from a development shell (mongosh asks once otherwise).
    "$mongosh" --nodb --quiet --eval "disableTelemetry()" >/dev/null 2>&1 || true
    touch "$home/.complete"
  fi
  local db="${DB:-${ITEM_DB_NAME:-itemdb}}"
  case "$db" in
    item | items) db="${ITEM_DB_NAME:-itemdb}" ;;
    notification | notifications) db="${NOTIFICATION_DB_NAME:-notificationdb}" ;;
  esac
  local url="${MONGO_URL:-mongodb://127.0.0.1:27017}"
  exec "$mongosh" "${url%/}/$db" "$@"
}

mysql_shell() {
  local client
  client="$(command -v mariadb || command -v mysql || true)"
  if [[ -z "$client" ]]; then
    say mysql "installing Debian's $MYSQL_CLIENT_DEBIAN_PACKAGE"
    apt_install --no-install-recommends "$MYSQL_CLIENT_DEBIAN_PACKAGE"
    client="$(command -v mariadb || command -v mysql)"
  fi
  local user password database
  case "${DB:-payments}" in
    payment | payments | payments_db)
      user="$PAYMENT_DB_USER" password="$PAYMENT_DB_PASSWORD" database="$PAYMENT_DB_NAME" ;;
    account | accounts | accounts_db)
      user="$ACCOUNT_DB_USER" password="$ACCOUNT_DB_PASSWORD" database="$ACCOUNT_DB_NAME" ;;
    cart | carts | carts_db)
      user="$CART_DB_USER" password="$CART_DB_PASSWORD" database="$CART_DB_NAME" ;;
    *) die mysql "DB must be payments, accounts or carts, not '$DB'" ;;
  esac
  # The password goes through the environment, not the command line (ps would show it).
  MYSQL_PWD="$password" exec "$client" --protocol=TCP -h "${MYSQL_HOST:-127.0.0.1}" \
    -P "${MYSQL_PORT:-3306}" -u "$user" "$database" "$@"
}

kcat_shell() {
  if ! command -v kcat >/dev/null; then
    say kcat "installing Debian's $KCAT_DEBIAN_PACKAGE"
    apt_install --no-install-recommends "$KCAT_DEBIAN_PACKAGE"
  fi
  (($#)) || set -- -L
  exec kcat -b "${KAFKA_BROKERS:-127.0.0.1:9092}" "$@"
}

command="${1:-}"
shift || true
load_env
case "$command" in
  cqlsh) cqlsh_shell "$@" ;;
  mongosh) mongosh_shell "$@" ;;
  mysql) mysql_shell "$@" ;;
  kcat) kcat_shell "$@" ;;
  *) die shells "usage: $0 cqlsh|mongosh|mysql|kcat [ARGS...]" ;;
esac
