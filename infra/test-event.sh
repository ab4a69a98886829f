#!/usr/bin/env bash
# Publishes one harmless test message (key, headers, JSON value) to shop.test-events, which
# `make watch-events` includes, to check the event pipeline end to end. No service reads it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/infra/versions.env"

id="$(cat /proc/sys/kernel/random/uuid)"
now="$(date -u +%FT%TZ)"
line="$(printf 'event-type:TestEvent,event-id:%s\ttest-%s\t{"type":"TestEvent","eventId":"%s","occurredAt":"%s","note":"sent by make test-event"}' \
  "$id" "$id" "$id" "$now")"
args=(--bootstrap-server 127.0.0.1:9092 --topic shop.test-events
  --property parse.key=true --property parse.headers=true)

if [[ "${INFRA:-native}" == docker ]]; then
  docker compose -f "$ROOT/docker-compose.yml" exec -T kafka \
    /opt/kafka/bin/kafka-console-producer.sh "${args[@]}" <<<"$line"
else
  lib="$ROOT/.data/cache/kafka-$KAFKA_VERSION/lib"
  [[ -d "$lib" ]] || { echo "Kafka is not provisioned: run make infra-up" >&2; exit 1; }
  java -Xmx128m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" \
    org.apache.kafka.tools.ConsoleProducer "${args[@]}" <<<"$line"
fi
echo "published TestEvent $id to shop.test-events"
