#!/usr/bin/env bash
# FerretDB v1 (SQLite backend) speaking the MongoDB wire protocol on 127.0.0.1:27017.
# Sourced by engines.sh.

FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"
FERRETDB_DIR="$DATA/ferretdb"

ferretdb_start() {
  mkdir -p "$FERRETDB_DIR"
  start_daemon ferretdb "$FERRETDB_BIN" --listen-addr=127.0.0.1:27017 --sqlite-url="file:$FERRETDB_DIR/"
}
ferretdb_ready() { port_open 127.0.0.1 27017; }
ferretdb_after_start() { :; }
