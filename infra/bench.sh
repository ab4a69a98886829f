#!/usr/bin/env bash
# make bench: the load test against the running stack (`make up` first). The gateway limits each
# client's rate, which would refuse a load test from one address, so natively the gateway is
# restarted with the limit lifted for the run and restarted as configured afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"
use_project_node

restart_gateway() {
  stop_daemon gateway 20 >/dev/null
  env "$@" "$NATIVE/services.sh" up >/dev/null
}

if [[ "${INFRA:-native}" == native ]]; then
  running_pid order-service >/dev/null || die bench "the stack is not running: make up first"
  trap 'restart_gateway' EXIT
  restart_gateway GATEWAY_RATE_LIMIT_PER_MINUTE=1000000
else
  say bench "Docker: set GATEWAY_RATE_LIMIT_PER_MINUTE high in .env for the gateway rows"
fi
cd "$ROOT/tools/bench" && node --env-file="$ROOT/.env" --conditions=@shop/source --import tsx src/main.ts
