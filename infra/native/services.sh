#!/usr/bin/env bash
# Runs the services natively: `services.sh up|down|status`. Each service is one Node process
# (`node --env-file=.env --import tsx src/server.ts`), logged to .data/logs/<name>.log, and is
# ready when GET /health/live answers. The list is infra/services.txt. SERVICE_NODE_FLAGS adds
# flags Node refuses in NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=DIR` (`make profile`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services() { grep -v '^#' "$ROOT/infra/services.txt" | grep -v '^[[:space:]]*$' || true; }

live() { node -e "fetch('http://127.0.0.1:$1/health/live').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }

services_up() {
  local name dir port
  [[ -x "$ROOT/node_modules/.bin/tsx" ]] || die services "dependencies are not installed: run make install"
  load_env
  while read -r name dir port; do
    if running_pid "$name" >/dev/null; then
      say "$name" "already running (pid $(running_pid "$name"))"
      continue
    fi
    port_open 127.0.0.1 "$port" && die "$name" "port $port is taken by a process this script did not start"
    (cd "$ROOT/$dir" && start_daemon "$name" node --env-file="$ROOT/.env" --enable-source-maps \
      ${SERVICE_NODE_FLAGS:-} --import tsx "$ROOT/$dir/src/server.ts")
  done < <(services)
  while read -r name dir port; do
    wait_ready "$name" 60 live "$port"
    say "$name" "up on http://127.0.0.1:$port (docs: /docs)"
  done < <(services)
}

services_down() {
  local name _
  while read -r name _; do stop_daemon "$name" 20; done < <(services | tac)
}

services_status() {
  local name dir port pid healthy=0
  while read -r name dir port; do
    if pid="$(running_pid "$name")" && live "$port"; then
      printf '%-22s running  pid %-8s http://127.0.0.1:%s\n' "$name" "$pid" "$port"
    elif pid="$(running_pid "$name")"; then
      printf '%-22s starting pid %-8s port %s not answering yet\n' "$name" "$pid" "$port"
      healthy=1
    else
      printf '%-22s stopped\n' "$name"
      healthy=1
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
