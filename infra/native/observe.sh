#!/usr/bin/env bash
# Metrics, alerts and traces without Docker: `observe.sh up|down|status`.
#   prometheus  Debian's package, run from .data/prometheus on 127.0.0.1:9090 with the committed
#               infra/observability/prometheus.yml (every service, and its second replica on
#               port + 100) and the alert rules beside it (alerts.yml).
#   zipkin      the zipkin-server exec jar from Maven Central on 127.0.0.1:9411, traces kept in
#               memory. Zipkin's server takes no OTLP: the services send it Zipkin's JSON when
#               OTEL_EXPORTER_ZIPKIN_ENDPOINT is set in .env.
# Like the engines: detached, pid files in .data/run, logs in .data/logs; `down` stops only the
# processes this script started. The Docker path has the compose profile `observability`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OBSERVABILITY="$ROOT/infra/observability"
PROMETHEUS_PORT=9090
ZIPKIN_PORT=9411
ZIPKIN_HOME="$CACHE/zipkin-$ZIPKIN_VERSION"
ZIPKIN_JAR="$ZIPKIN_HOME/zipkin-server-$ZIPKIN_VERSION-exec.jar"
ZIPKIN_SPANS="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"

declare -A PORT=([prometheus]=$PROMETHEUS_PORT [zipkin]=$ZIPKIN_PORT)
declare -A READY_URL=(
  [prometheus]="http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
  [zipkin]="http://127.0.0.1:$ZIPKIN_PORT/health"
)
declare -A DEADLINE=([prometheus]=60 [zipkin]=120)

http_ok() { node -e "fetch('$1').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }

provision_prometheus() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null && return 0
  say prometheus "installing Debian's $PROMETHEUS_DEBIAN_PACKAGE (and promtool)"
  apt_install --no-install-recommends "$PROMETHEUS_DEBIAN_PACKAGE"
}

provision_zipkin() {
  [[ -f "$ZIPKIN_JAR" ]] && return 0
  command -v java >/dev/null || die zipkin "Java 17 is required to run the Zipkin server"
  command -v mvn >/dev/null || die zipkin "Maven fetches the Zipkin server from Maven Central: install it"
  say zipkin "downloading zipkin-server $ZIPKIN_VERSION (exec jar, about 130 MB) from Maven Central"
  local partial="$ZIPKIN_HOME.partial"
  rm -rf "$partial"
  mvn -q -B dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$partial" >"$LOG_DIR/provision-zipkin.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/provision-zipkin.log" >&2; die zipkin "Maven could not resolve the jar"; }
  mkdir -p "$ZIPKIN_HOME"
  mv "$partial/$(basename "$ZIPKIN_JAR")" "$ZIPKIN_JAR"
  rm -rf "$partial"
}

prometheus_start() {
  mkdir -p "$DATA/prometheus"
  # Rule files are found relative to the config file, as in the compose container.
  start_daemon prometheus prometheus --config.file="$OBSERVABILITY/prometheus.yml" \
    --storage.tsdb.path="$DATA/prometheus" --storage.tsdb.retention.time=7d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
}

# Armeria's port list is replaced whole: port, address and protocol together, or Zipkin would
# also listen on every interface.
zipkin_start() {
  start_daemon zipkin java -Xms64m -Xmx384m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dzipkin.storage.type=mem -Dzipkin.storage.mem.max-spans=100000 \
    "-Darmeria.ports[0].port=$ZIPKIN_PORT" "-Darmeria.ports[0].ip=127.0.0.1" \
    "-Darmeria.ports[0].protocols=http" -jar "$ZIPKIN_JAR"
}

start_one() {
  local name="$1"
  if running_pid "$name" >/dev/null; then
    say "$name" "already running (pid $(running_pid "$name"))"
    return 0
  fi
  port_open 127.0.0.1 "${PORT[$name]}" &&
    die "$name" "port ${PORT[$name]} is taken by a process this script did not start (Debian's own $name service? \`systemctl stop $name\`)"
  "${name}_start"
}

# Tells how to send traces unless .env already does.
trace_hint() {
  load_env
  if [[ "${OTEL_EXPORTER_ZIPKIN_ENDPOINT:-}" == "$ZIPKIN_SPANS" ]]; then
    say observe "services send their traces here (OTEL_EXPORTER_ZIPKIN_ENDPOINT in .env)"
  else
    say observe "to see traces, set OTEL_EXPORTER_ZIPKIN_ENDPOINT=$ZIPKIN_SPANS in .env," \
      "then restart the services: make services-down services-up"
  fi
}

observe_up() {
  provision_prometheus
  provision_zipkin
  local name
  for name in prometheus zipkin; do start_one "$name"; done
  for name in prometheus zipkin; do
    wait_ready "$name" "${DEADLINE[$name]}" http_ok "${READY_URL[$name]}"
  done
  say prometheus "http://127.0.0.1:$PROMETHEUS_PORT/ (menu: Alerts; Status → Targets)"
  say zipkin "http://127.0.0.1:$ZIPKIN_PORT/zipkin/ (traces)"
  trace_hint
}

observe_down() {
  stop_daemon zipkin 20
  stop_daemon prometheus 30
}

observe_status() {
  local name pid healthy=0
  for name in prometheus zipkin; do
    if pid="$(running_pid "$name")" && http_ok "${READY_URL[$name]}"; then
      printf '%-10s running  pid %-8s http://127.0.0.1:%s\n' "$name" "$pid" "${PORT[$name]}"
    elif pid="$(running_pid "$name")"; then
      printf '%-10s starting pid %-8s port %s not ready yet\n' "$name" "$pid" "${PORT[$name]}"
      healthy=1
    else
      printf '%-10s stopped\n' "$name"
      healthy=1
    fi
  done
  return "$healthy"
}

case "${1:-}" in
  up) exclusive observe && observe_up ;;
  down) observe_down ;;
  status) observe_status ;;
  *) die observe "usage: $0 up|down|status" ;;
esac
