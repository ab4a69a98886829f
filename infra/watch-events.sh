#!/usr/bin/env bash
# Prints every event on the saga topics as it happens: timestamp, partition, key (the
# orderId), headers (event-type, event-id, traceparent) and the JSON value.
#   TOPIC=payment.events   narrow to one topic (any topic name or regex works)
#   FROM_BEGINNING=1       replay what the topics already hold
#   INFRA=docker           use the Kafka container instead of the native broker
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/infra/versions.env"

topics="${TOPIC:-order\.events|payment\.events|inventory\.events|shop\.test-events}"
args=(--bootstrap-server 127.0.0.1:9092 --include "$topics"
  --property print.timestamp=true --property print.partition=true
  --property print.key=true --property print.headers=true
  --property print.value=true
  --property key.separator=' | ' --property headers.separator=','
  --property line.separator=$'\n')
[[ -n "${FROM_BEGINNING:-}" ]] && args+=(--from-beginning)

echo "watching /$topics/ on 127.0.0.1:9092 (Ctrl-C to stop)" >&2
if [[ "${INFRA:-native}" == docker ]]; then
  exec docker compose -f "$ROOT/docker-compose.yml" exec kafka \
    /opt/kafka/bin/kafka-console-consumer.sh "${args[@]}"
fi
lib="$ROOT/.data/cache/kafka-$KAFKA_VERSION/lib"
[[ -d "$lib" ]] || { echo "Kafka is not provisioned: run make infra-up" >&2; exit 1; }
exec java -Xmx128m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" \
  org.apache.kafka.tools.consumer.ConsoleConsumer "${args[@]}"
