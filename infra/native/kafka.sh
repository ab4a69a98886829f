#!/usr/bin/env bash
# Kafka 4.x in KRaft mode, one combined broker+controller node on 127.0.0.1:9092.
# Sourced by engines.sh.

KAFKA_LIB="$CACHE/kafka-$KAFKA_VERSION/lib"
KAFKA_DIR="$DATA/kafka"
KAFKA_PORT=9092

kafka_java() { java -Xms64m -Xmx256m -cp "$KAFKA_LIB/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@"; }

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${KAFKA_DIR}/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
# The active controller appends a no-op record to the metadata log every 500 ms by default
# (KIP-835: it keeps the metadata-lag metrics moving), each one a raft append and flush: the
# largest part of an idle broker's CPU. A single node has no standby controller to keep up, and
# nothing here reads those metrics; 0 turns the records off. No effect on acks or durability.
metadata.max.idle.interval.ms=0
PROPS
}

kafka_start() {
  kafka_write_config
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    # A cluster id is 16 random bytes, base64url without padding. One that starts with '-' is
    # read as an option by the storage tool ("--cluster-id: expected one argument"; one clean
    # clone in 64 failed so), so it is drawn again, as Kafka's own Uuid.randomUuid does.
    local cluster_id="-"
    while [[ "$cluster_id" == -* ]]; do
      cluster_id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    done
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      >>"$(log_file kafka)" 2>&1 || fail_with_log kafka "formatting the KRaft storage failed"
  fi
  start_daemon kafka java -Xms512m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dkafka.logs.dir="$LOG_DIR" -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_ready() { kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list; }

# Creates the topics listed in infra/kafka-topics.txt that do not exist yet (the saga topics,
# their dead-letter topics, the record of dead-letter actions), with the configs of the third
# column. A topic that exists is left as it is.
kafka_after_start() {
  local existing topic partitions configs config
  existing="$(kafka_ready)"
  while read -r topic partitions configs; do
    [[ -z "$topic" || "$topic" == \#* ]] && continue
    grep -qxF "$topic" <<<"$existing" && continue
    local args=(--create --if-not-exists --topic "$topic" --partitions "$partitions" --replication-factor 1)
    for config in ${configs//,/ }; do args+=(--config "$config"); done
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" "${args[@]}" \
      >/dev/null || die kafka "could not create topic $topic"
    say kafka "created topic $topic ($partitions partitions${configs:+, $configs})"
  done <"$ROOT/infra/kafka-topics.txt"
}
