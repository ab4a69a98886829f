#!/usr/bin/env bash
# Installs or builds everything the native engines need, idempotently:
#   MariaDB from Debian (unless a mysqld is already on PATH); Kafka, Cassandra and
#   mongo-java-server jars from Maven Central. Outputs go to .data/cache.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need() { command -v "$1" >/dev/null || die provision "'$1' is required but not installed ($2)"; }

mysqld_binary() {
  local candidate
  for candidate in mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld; do
    command -v "$candidate" 2>/dev/null && return 0
  done
  return 1
}

provision_mariadb() {
  if mysqld_binary >/dev/null; then return 0; fi
  say mariadb "installing $MARIADB_DEBIAN_PACKAGE from Debian"
  apt_install "$MARIADB_DEBIAN_PACKAGE" mariadb-client
}

# maven_libs NAME POM_DIR TARGET_DIR -Dprop=value...: copies the runtime jars of a tiny pom.
maven_libs() {
  local name="$1" pom_dir="$2" target="$3"
  shift 3
  [[ -f "$target/.complete" ]] && return 0
  need mvn "Maven resolves the $name jars from Maven Central"
  say "$name" "resolving jars from Maven Central into ${target#"$ROOT"/}"
  rm -rf "$target"
  # Quiet Maven into a log; with_progress says how far it is meanwhile.
  with_progress "$name" "$HOME/.m2/repository" bash -c \
    'log="$1" dir="$2"; shift 2; cd "$dir" && exec mvn -q -B dependency:copy-dependencies -DincludeScope=runtime "$@" >"$log" 2>&1' \
    _ "$LOG_DIR/provision-$name.log" "$pom_dir" -DoutputDirectory="$target" "$@" ||
    { tail -n 30 "$LOG_DIR/provision-$name.log" >&2; die "$name" "Maven could not resolve the jars"; }
  touch "$target/.complete"
}

# mongo-java-server has no launcher of its own: compile ours against its jars.
provision_mongo() {
  local home="$CACHE/mongo-java-server-$MONGO_JAVA_SERVER_VERSION"
  maven_libs mongo "$NATIVE/mongo" "$home/lib" \
    -Dmongo-java-server.version="$MONGO_JAVA_SERVER_VERSION" -Dslf4j.version="$MONGO_SLF4J_VERSION"
  [[ "$home/classes/MongoWireServer.class" -nt "$NATIVE/mongo/MongoWireServer.java" ]] && return 0
  need javac "the MongoDB-wire launcher is compiled from infra/native/mongo"
  mkdir -p "$home/classes"
  javac -d "$home/classes" -cp "$home/lib/*" "$NATIVE/mongo/MongoWireServer.java" ||
    die mongo "could not compile infra/native/mongo/MongoWireServer.java"
}

need java "Java 17 runs Kafka and Cassandra"
provision_mariadb
maven_libs kafka "$NATIVE/kafka" "$CACHE/kafka-$KAFKA_VERSION/lib" \
  -Dkafka.version="$KAFKA_VERSION" -Dslf4j.version="$SLF4J_VERSION"
maven_libs cassandra "$NATIVE/cassandra" "$CACHE/cassandra-$CASSANDRA_VERSION/lib" \
  -Dcassandra.version="$CASSANDRA_VERSION"
provision_mongo
say provision "engines are provisioned"
