#!/usr/bin/env bash
# make bench: the load test against the running stack (`make up` first). The gateway limits each
# client's rate, which would refuse a load test from one address, so natively the gateway is
# restarted with the limit lifted for the run and restarted as configured afterwards.
#
# Natively it also gives the bench tool the stack's processes (BENCH_PROCESSES: every engine and
# service, found by the port it listens on, so engines started from another checkout count too)
# for the idle CPU and CPU per order, and provisions wrk (Debian's, unpacked into .data/cache
# without root) as the client for the bare-Fastify ratio.
#
# BENCH_BASELINE=<git ref>: the same bench, back to back, against the services of <ref> and then
# against this checkout's, and a side-by-side table (bench/results/*-side-by-side.md). The ref
# is checked out as a git worktree in .data/baseline/<sha> with its own dependencies; its
# services (started by ITS services.sh) take the same ports and engines. Each side gets stores
# of its own (databases, keyspace: tools/bench/src/stores-cli.ts), since an older schema's
# migrations cannot run against a newer one; Kafka topics and consumer groups are shared, which
# is safe because the two stacks never run at once and each run ends with every event handled.
# The bench tool runs with its side's store names too.
#
# BENCH_SEED_ROWS=N: before the parts, N finished orders with their holds and sent emails are
# written straight into the stores the services use (tools/bench/src/seed); BENCH_COMPARE_WITH=
# <result.json> sets the run beside an earlier one (docs/performance.md, target 6). With
# BENCH_SEED_ROWS set (0 included: the fresh run to compare with), the services run on stores of
# their own for the run, made empty first: seeded orders have no payments, which `make audit`
# would rightly report on the stack's own stores, and both runs start from the same data. The
# seeder itself refuses stores whose names are not the bench's (`_bench_<side>`) or scratch ones.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"
use_project_node

ENGINE_PORTS=("mariadb ${MYSQL_PORT:-3306}" "mongodb-engine 27017" "cassandra 9042" "kafka 9092")

# The pid listening on 127.0.0.1:PORT (any address), if this user may see it.
listener_pid() {
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}

# name=pid,... of every engine and service process of the stack that runs now.
stack_processes() {
  local entries=() name dir port pid spec
  for spec in "${ENGINE_PORTS[@]}"; do
    read -r name port <<<"$spec"
    pid="$(listener_pid "$port")" && [[ -n "$pid" ]] && entries+=("$name=$pid")
  done
  while read -r name dir port _; do
    pid="$(listener_pid "$port")" && [[ -n "$pid" ]] && entries+=("$name=$pid")
    pid="$(listener_pid $((port + 100)))" && [[ -n "$pid" ]] && entries+=("$name-2=$pid")
  done < <(grep -v '^#' "$ROOT/infra/services.txt" | grep -v '^[[:space:]]*$')
  local IFS=,
  printf '%s' "${entries[*]}"
}

# Debian's wrk and its LuaJIT, unpacked into .data/cache/wrk (apt-get download needs no root);
# prints the wrapper's path, or nothing when it cannot be had (the Node client is used alone).
provision_wrk() {
  local dir="$CACHE/wrk" wrapper="$CACHE/wrk/wrk"
  if [[ ! -x "$wrapper" ]]; then
    command -v apt-get >/dev/null && command -v dpkg >/dev/null || return 0
    mkdir -p "$dir/debs" && rm -f "$dir/debs/"*.deb
    (cd "$dir/debs" && apt-get download -q wrk libluajit-5.1-2 libluajit-5.1-common >/dev/null 2>&1) || {
      say bench "wrk could not be downloaded (apt-get download wrk): the Node client measures part a alone" >&2
      return 0
    }
    for deb in "$dir/debs/"*.deb; do dpkg -x "$deb" "$dir/root"; done
    printf '#!/bin/sh\nLD_LIBRARY_PATH="%s" exec "%s" "$@"\n' \
      "$dir/root/usr/lib/x86_64-linux-gnu" "$dir/root/usr/bin/wrk" >"$wrapper"
    chmod +x "$wrapper"
  fi
  "$wrapper" -v >/dev/null 2>&1 || [[ "$("$wrapper" -v 2>&1)" == wrk* ]] || return 0
  printf '%s' "$wrapper"
}

# run_bench LABEL: this checkout's bench tool against whatever stack runs now; prints the result.
run_bench() {
  local label="$1" log
  log="$(mktemp)"
  (cd "$ROOT/tools/bench" && BENCH_LABEL="$label" BENCH_PROCESSES="$(stack_processes)" \
    BENCH_CLK_TCK="$(getconf CLK_TCK)" BENCH_WRK="$WRK" \
    node --env-file="$ROOT/.env" --conditions=@shop/source --import tsx src/main.ts) | tee "$log" >&2
  sed -n 's/^\[bench\] result //p' "$log" | tail -n1
  rm -f "$log"
}

# The baseline's checkout, with its dependencies; prints its directory.
baseline_checkout() {
  local sha dir
  sha="$(git -C "$ROOT" rev-parse --verify "$1^{commit}")" || die bench "unknown ref $1"
  dir="$DATA/baseline/$sha"
  if [[ ! -d "$dir" ]]; then
    git -C "$ROOT" worktree add --detach "$dir" "$sha" >&2
  fi
  cp "$ROOT/.env" "$dir/.env"
  (cd "$dir" && pnpm install --frozen-lockfile --prefer-offline >&2) || die bench "pnpm install failed in $dir"
  printf '%s' "$dir"
}

# stores SIDE: VAR=value lines naming the stores of one side of a BENCH_BASELINE run.
stores() { (cd "$ROOT/tools/bench" && node --env-file="$ROOT/.env" --conditions=@shop/source --import tsx src/stores-cli.ts "$1"); }

# Waits until the running services have handled every saga event (settle-cli.ts says why).
settle_backlog() { (cd "$ROOT/tools/bench" && node --env-file="$ROOT/.env" --conditions=@shop/source --import tsx src/settle-cli.ts); }

# Both sides run on stores of their own (stores-cli.ts says why), the baseline first; the
# current checkout's services are restarted on their usual stores at the end, whatever happens.
bench_against_baseline() {
  local current_result baseline_result baseline_env current_env
  BASELINE_DIR="$(baseline_checkout "$BENCH_BASELINE")" && [[ -n "$BASELINE_DIR" ]] || exit 1
  mapfile -t baseline_env < <(stores baseline)
  mapfile -t current_env < <(stores current)
  ((${#baseline_env[@]} > 0 && ${#current_env[@]} > 0)) || die bench "could not prepare the bench stores"
  settle_backlog || die bench "the services did not handle their backlog"
  say bench "baseline $BENCH_BASELINE: stopping this checkout's services, starting the baseline's"
  trap '"$BASELINE_DIR/infra/native/services.sh" down >/dev/null; "$NATIVE/services.sh" down >/dev/null; "$NATIVE/services.sh" up >/dev/null' EXIT
  "$NATIVE/services.sh" down >/dev/null
  env GATEWAY_RATE_LIMIT_PER_MINUTE=1000000 GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000 "${baseline_env[@]}" "$BASELINE_DIR/infra/native/services.sh" up >/dev/null
  baseline_result="$(export "${baseline_env[@]}"; run_bench baseline)"
  [[ -n "$baseline_result" ]] || die bench "the baseline's run wrote no result"
  "$BASELINE_DIR/infra/native/services.sh" down >/dev/null
  say bench "baseline done; starting this checkout's services"
  env GATEWAY_RATE_LIMIT_PER_MINUTE=1000000 GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000 "${current_env[@]}" "$NATIVE/services.sh" up >/dev/null
  current_result="$(export "${current_env[@]}"; run_bench current)"
  [[ -n "$baseline_result" && -n "$current_result" ]] || die bench "a run wrote no result"
  (cd "$ROOT/tools/bench" && node --conditions=@shop/source --import tsx src/compare-cli.ts "$baseline_result" "$current_result")
}

# The current checkout on stores of its own (made empty), restarted on its usual ones at the end.
bench_on_own_stores() {
  local own_env
  mapfile -t own_env < <(stores seeded)
  ((${#own_env[@]} > 0)) || die bench "could not prepare the bench stores"
  settle_backlog || die bench "the services did not handle their backlog"
  say bench "restarting the services on stores of their own for the run"
  trap '"$NATIVE/services.sh" down >/dev/null; "$NATIVE/services.sh" up >/dev/null' EXIT
  "$NATIVE/services.sh" down >/dev/null
  env GATEWAY_RATE_LIMIT_PER_MINUTE=1000000 GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000 "${own_env[@]}" "$NATIVE/services.sh" up >/dev/null
  (export "${own_env[@]}"; run_bench "${BENCH_LABEL:-}" >/dev/null)
}

# The bench tool runs in tools/bench: a result to compare with is named from where bench.sh ran.
if [[ -n "${BENCH_COMPARE_WITH:-}" ]]; then
  BENCH_COMPARE_WITH="$(realpath -e "$BENCH_COMPARE_WITH")" || die bench "BENCH_COMPARE_WITH: no such result file"
  export BENCH_COMPARE_WITH
fi

if [[ "${INFRA:-native}" == native ]]; then
  running_pid order-service >/dev/null || die bench "the stack is not running: make up first"
  WRK="$(provision_wrk)"
  if [[ -n "${BENCH_BASELINE:-}" ]]; then
    # Seeding writes the current checkout's shapes (and runs its migrations): not into a baseline's stores.
    [[ -z "${BENCH_SEED_ROWS:-}" ]] || die bench "BENCH_SEED_ROWS cannot be combined with BENCH_BASELINE"
    bench_against_baseline
  elif [[ -n "${BENCH_SEED_ROWS:-}" ]]; then
    bench_on_own_stores
  else
    trap 'restart_gateway "$ROOT"' EXIT
    restart_gateway "$ROOT" GATEWAY_RATE_LIMIT_PER_MINUTE=1000000 GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000
    run_bench "${BENCH_LABEL:-}" >/dev/null
  fi
else
  say bench "Docker: set GATEWAY_RATE_LIMIT_PER_MINUTE high in .env for the gateway rows"
  [[ -z "${BENCH_BASELINE:-}" ]] || die bench "BENCH_BASELINE runs natively only"
  # Seeded orders have no payments: only into stores of the bench's own (made natively).
  [[ -z "${BENCH_SEED_ROWS:-}" ]] || die bench "BENCH_SEED_ROWS runs natively only"
  cd "$ROOT/tools/bench" && node --env-file="$ROOT/.env" --conditions=@shop/source --import tsx src/main.ts
fi
