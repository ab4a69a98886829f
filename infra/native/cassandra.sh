#!/usr/bin/env bash
# Cassandra 5.0 single node on 127.0.0.1:9042 (datacenter1), run from Maven Central jars.
# Sourced by engines.sh.

CASSANDRA_LIB="$CACHE/cassandra-$CASSANDRA_VERSION/lib"
CASSANDRA_DIR="$DATA/cassandra"
CASSANDRA_PORT=9042

cassandra_write_config() {
  mkdir -p "$CASSANDRA_DIR"
  cat >"$CASSANDRA_DIR/cassandra.yaml" <<YAML
cluster_name: shop-dev
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: 7000
native_transport_port: ${CASSANDRA_PORT}
start_native_transport: true
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:7000"
data_file_directories:
  - ${CASSANDRA_DIR}/data
commitlog_directory: ${CASSANDRA_DIR}/commitlog
saved_caches_directory: ${CASSANDRA_DIR}/saved_caches
hints_directory: ${CASSANDRA_DIR}/hints
cdc_raw_directory: ${CASSANDRA_DIR}/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10s
# Paxos v2 (Cassandra 4.1+, the documented recommendation): an LWT write takes two round trips
# between replicas instead of four. On this single node there are no round trips to save (the same
# three system.paxos writes per LWT, docs/performance.md); it is set so dev runs what a cluster
# should. State purging stays \`legacy\` (TTL): \`repaired\` needs scheduled paxos repairs.
paxos_variant: v2
# The dynamic snitch ranks replicas by latency to pick whom to read from, recomputing every
# 100 ms: a tenth of this idle node's scheduled wake-ups, for a node with no other replica to
# pick. A cluster keeps it (the default, true).
dynamic_snitch: false
YAML
}

# The --add-exports/--add-opens list of Cassandra's conf/jvm17-server.options.
CASSANDRA_JPMS=(
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED
  --add-exports java.base/java.lang.ref=ALL-UNNAMED
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
)

# Cassandra 5 refreshes its approximate clock (used for timeouts and message expiry) every 2 ms
# on ScheduledFastTasks: 500 wake-ups a second, most of an idle node's CPU. The timeouts it
# serves are a second or longer (the shortest, cas_contention_timeout, 1 s), so 100 ms keeps
# each within a tenth; at 10 ms (Cassandra 3's default) the ticks still cost an idle node
# 0.6 % of a core, at 100 ms under 0.1 %. No effect on the commit log or on write or Paxos
# timestamps (those read the precise clock). docker-compose.yml passes the same.
CASSANDRA_IDLE=(-Dcassandra.approximate_time_precision_ms=100)

cassandra_start() {
  cassandra_write_config
  start_daemon cassandra java -Xms1G -Xmx1G -XX:+UseG1GC -XX:MaxGCPauseMillis=300 \
    "${CASSANDRA_JPMS[@]}" \
    -Djdk.attach.allowAttachSelf=true -Djava.net.preferIPv4Stack=true \
    -Dio.netty.tryReflectionSetAccessible=true \
    -Dcassandra.config="file://$CASSANDRA_DIR/cassandra.yaml" \
    -Dcassandra.storagedir="$CASSANDRA_DIR" -Dcassandra.logdir="$LOG_DIR" \
    -Dcassandra-foreground=yes \
    -Dlogback.configurationFile="$NATIVE/conf/cassandra-logback.xml" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.initial_token=0 \
    -Dcassandra.load_ring_state=false -Dcassandra.ring_delay_ms=0 \
    "${CASSANDRA_IDLE[@]}" \
    -cp "$CASSANDRA_LIB/*" org.apache.cassandra.service.CassandraDaemon
}

cassandra_ready() { port_open 127.0.0.1 "$CASSANDRA_PORT"; }
cassandra_after_start() { :; }
