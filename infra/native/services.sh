#!/usr/bin/env bash
# Runs the services natively: `services.sh up|down|status`. `up` first compiles what changed
# (`pnpm build`: tsc -b, cheap when nothing did), then runs each service as one Node process
# (`node --env-file=.env dist/server.js`, on the Node of infra/native/node.sh), logged to
# .data/logs/<name>.log, ready when GET /health/live answers. The list is infra/services.txt.
# SERVICE_NODE_FLAGS adds flags Node refuses in NODE_OPTIONS, e.g. `--cpu-prof
# --cpu-prof-dir=DIR` (`make profile`).
#
# REPLICAS=2 runs a second process `<name>-2` of every service infra/services.txt gives a port
# variable (those that consume events or run jobs), on its port + 100, and gives every service
# the base URLs of both (ITEM_SERVICE_URL=http://127.0.0.1:8081,http://127.0.0.1:8181, ...): the
# gateway and the service clients spread calls over them. The environment wins over .env because
# Node's --env-file never overrides a variable already set. `up` with another REPLICAS than the
# running services were started with restarts them; without REPLICAS it keeps what runs.
# `down` and `status` cover the second processes whatever REPLICAS says.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_project_node

REPLICA_OFFSET=100
REPLICAS_FILE="$RUN_DIR/services.replicas"

services() { grep -v '^#' "$ROOT/infra/services.txt" | grep -v '^[[:space:]]*$' || true; }

live() { node -e "fetch('http://127.0.0.1:$1/health/live').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }

# How many processes per replicable service run now (what the last `up` recorded; 1 if none).
running_replicas() { cat "$REPLICAS_FILE" 2>/dev/null || echo 1; }

wanted_replicas() {
  local wanted="${REPLICAS:-$(running_replicas)}"
  [[ "$wanted" == 1 || "$wanted" == 2 ]] || die services "REPLICAS must be 1 or 2, not '$wanted'"
  printf '%s' "$wanted"
}

any_running() {
  local name _ portvar
  while read -r name _ _ portvar; do
    running_pid "$name" >/dev/null && return 0
    [[ -n "$portvar" ]] && running_pid "$name-2" >/dev/null && return 0
  done < <(services)
  return 1
}

# ITEM_PORT → ITEM_SERVICE_URL, listing both replicas (unless .env already lists several).
export_replica_urls() {
  local name dir port portvar url_var base
  while read -r name dir port portvar; do
    [[ -n "$portvar" ]] || continue
    url_var="${portvar%_PORT}_SERVICE_URL"
    base="${!url_var:-http://127.0.0.1:$port}"
    [[ "$base" == *,* ]] || export "$url_var=$base,${base/:$port/:$((port + REPLICA_OFFSET))}"
  done < <(services)
}

# start NAME DIR PORT: one process of the service in DIR, unless it already runs.
start() {
  local name="$1" dir="$2" port="$3"
  if running_pid "$name" >/dev/null; then
    say "$name" "already running (pid $(running_pid "$name"))"
    return 0
  fi
  port_open 127.0.0.1 "$port" && die "$name" "port $port is taken by a process this script did not start"
  (cd "$ROOT/$dir" && start_daemon "$name" node --env-file="$ROOT/.env" --enable-source-maps \
    ${SERVICE_NODE_FLAGS:-} "$ROOT/$dir/dist/server.js")
}

# Every process `up` starts: name, port, and for a second replica its port variable.
processes() {
  local replicas="$1" name dir port portvar
  while read -r name dir port portvar; do
    printf '%s %s %s -\n' "$name" "$dir" "$port"
    if ((replicas > 1)) && [[ -n "$portvar" ]]; then
      printf '%s %s %s %s\n' "$name-2" "$dir" "$((port + REPLICA_OFFSET))" "$portvar"
    fi
  done < <(services)
}

# build: the packages and services compiled to dist/ (tsc -b rebuilds only what changed).
build() {
  [[ -x "$ROOT/node_modules/.bin/tsc" ]] || die services "dependencies are not installed: run make install"
  say build "compiling what changed to dist/ (pnpm build) on Node $(node -v)"
  (cd "$ROOT" && with_ticker build compiling pnpm --silent build) || die build "pnpm build failed"
}

services_up() {
  local replicas name dir port portvar
  build
  replicas="$(wanted_replicas)"
  if any_running && [[ "$(running_replicas)" != "$replicas" ]]; then
    say services "running with REPLICAS=$(running_replicas); restarting them with REPLICAS=$replicas"
    services_down
  fi
  echo "$replicas" >"$REPLICAS_FILE"
  load_env
  ((replicas == 1)) || export_replica_urls
  while read -r name dir port portvar; do
    if [[ "$portvar" == - ]]; then
      start "$name" "$dir" "$port"
    else
      (export "$portvar=$port" && start "$name" "$dir" "$port")
    fi
  done < <(processes "$replicas")
  while read -r name dir port _; do
    wait_ready "$name" 60 live "$port"
    say "$name" "up on http://127.0.0.1:$port (docs: /docs)"
  done < <(processes "$replicas")
}

services_down() {
  local name _ portvar
  while read -r name _ _ portvar; do
    # A second replica is stopped if it runs, whatever REPLICAS says; never reported otherwise.
    # 30 s, as an orchestrator waits: longer than a service's own close deadline (25 s, then it
    # exits by itself and says so), so a slow close under load ends in the service's exit, with
    # its log line and `make profile`'s profile written, not in a SIGKILL.
    [[ -n "$portvar" && -f "$(pid_file "$name-2")" ]] && stop_daemon "$name-2" 30
    stop_daemon "$name" 30
  done < <(services | tac)
  rm -f "$REPLICAS_FILE"
}

# status_line NAME PORT: 0 when the process runs and answers.
status_line() {
  local name="$1" port="$2" pid
  if pid="$(running_pid "$name")" && live "$port"; then
    printf '%-22s running  pid %-8s http://127.0.0.1:%s\n' "$name" "$pid" "$port"
  elif pid="$(running_pid "$name")"; then
    printf '%-22s starting pid %-8s port %s not answering yet\n' "$name" "$pid" "$port"
    return 1
  else
    printf '%-22s stopped\n' "$name"
    return 1
  fi
}

services_status() {
  local name dir port portvar healthy=0 replicas
  replicas="$(running_replicas)"
  ((replicas >= ${REPLICAS:-1})) || replicas="$REPLICAS"
  while read -r name dir port portvar; do
    status_line "$name" "$port" || healthy=1
    [[ -n "$portvar" ]] || continue
    if ((replicas > 1)) || running_pid "$name-2" >/dev/null; then
      status_line "$name-2" "$((port + REPLICA_OFFSET))" || healthy=1
    fi
  done < <(services)
  return "$healthy"
}

case "${1:-}" in
  up) exclusive services && services_up ;;
  down) services_down ;;
  status) services_status ;;
  *) die services "usage: $0 up|down|status" ;;
esac
