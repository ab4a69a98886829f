#!/usr/bin/env bash
# Native engines without Docker: `engines.sh up|down|status [engine...]`.
#   up      provisions, starts what is not running (a running engine is left alone), waits for
#           each with a deadline, then creates topics and database users (idempotent).
#   down    stops only the processes this script started (by their recorded pid).
#   status  one line per engine; exits 1 if any is not running.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for engine_file in cassandra kafka mariadb mongo; do
  # shellcheck source=/dev/null
  source "$NATIVE/$engine_file.sh"
done

ALL_ENGINES=(cassandra kafka mariadb mongo)
declare -A PORT=([cassandra]=9042 [kafka]=9092 [mariadb]=3306 [mongo]=27017)
declare -A DEADLINE=([cassandra]=240 [kafka]=120 [mariadb]=90 [mongo]=60)

engines_up() {
  "$NATIVE/provision.sh"
  load_env
  local engine
  declare -A began
  for engine in "$@"; do
    if running_pid "$engine" >/dev/null; then
      say "$engine" "already running (pid $(running_pid "$engine"))"
      continue
    fi
    port_open 127.0.0.1 "${PORT[$engine]}" &&
      die "$engine" "port ${PORT[$engine]} is taken by a process this script did not start; stop it or use INFRA=docker"
    began[$engine]=$SECONDS
    "${engine}_start"
  done
  wait_all_ready "$@"
  for engine in "$@"; do "${engine}_after_start"; done
}

# Polls every engine in turn, so each one's start-up time is measured on its own.
wait_all_ready() {
  local pending=("$@") still engine
  while ((${#pending[@]})); do
    still=()
    for engine in "${pending[@]}"; do
      if "${engine}_ready" >/dev/null 2>&1; then
        [[ -n "${began[$engine]:-}" ]] &&
          say "$engine" "ready in $((SECONDS - began[$engine]))s (pid $(running_pid "$engine"))"
        continue
      fi
      running_pid "$engine" >/dev/null || fail_with_log "$engine" "process exited during start-up"
      ((SECONDS - ${began[$engine]:-0} < DEADLINE[$engine])) ||
        fail_with_log "$engine" "not ready after ${DEADLINE[$engine]}s"
      still+=("$engine")
    done
    pending=("${still[@]}")
    ((${#pending[@]} == 0)) || sleep 1
  done
}

engines_down() {
  local engine
  for engine in "$@"; do stop_daemon "$engine" 60; done
}

engines_status() {
  local engine pid healthy=0
  for engine in "$@"; do
    if pid="$(running_pid "$engine")"; then
      if port_open 127.0.0.1 "${PORT[$engine]}"; then
        printf '%-10s running  pid %-8s port %s\n' "$engine" "$pid" "${PORT[$engine]}"
      else
        printf '%-10s starting pid %-8s port %s not open yet\n' "$engine" "$pid" "${PORT[$engine]}"
        healthy=1
      fi
    elif port_open 127.0.0.1 "${PORT[$engine]}"; then
      printf '%-10s foreign  port %s is served by a process not started here\n' "$engine" "${PORT[$engine]}"
    else
      printf '%-10s stopped\n' "$engine"
      healthy=1
    fi
  done
  return "$healthy"
}

command="${1:-}"
shift || true
engines=("$@")
((${#engines[@]})) || engines=("${ALL_ENGINES[@]}")
case "$command" in
  up) exclusive engines && engines_up "${engines[@]}" ;;
  down) engines_down "${engines[@]}" ;;
  status) engines_status "${engines[@]}" ;;
  *) die engines "usage: $0 up|down|status [cassandra|kafka|mariadb|mongo ...]" ;;
esac
