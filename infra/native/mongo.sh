#!/usr/bin/env bash
# The MongoDB wire protocol on 127.0.0.1:27017: mongo-java-server with its on-disk H2 (MVStore)
# backend, one file for all databases. Sourced by engines.sh.

MONGO_HOME="$CACHE/mongo-java-server-$MONGO_JAVA_SERVER_VERSION"
MONGO_DIR="$DATA/mongo"

mongo_start() {
  mkdir -p "$MONGO_DIR"
  start_daemon mongo java -Xms128m -Xmx1g -XX:+UseG1GC \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$MONGO_HOME/classes:$MONGO_HOME/lib/*" MongoWireServer "$MONGO_DIR/shop.mv" 127.0.0.1 27017
}
mongo_ready() { port_open 127.0.0.1 27017; }
mongo_after_start() { :; }
