#!/usr/bin/env bash
# Shared helpers for the native (no Docker) engines: paths, pid files, readiness waits.
# Sourced by the other scripts in this folder; never run directly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NATIVE="$ROOT/infra/native"
DATA="$ROOT/.data"
RUN_DIR="$DATA/run"
LOG_DIR="$DATA/logs"
CACHE="$DATA/cache"
mkdir -p "$RUN_DIR" "$LOG_DIR" "$CACHE"

# shellcheck source=../versions.env
source "$ROOT/infra/versions.env"

say() { printf '%s\n' "[$1] ${*:2}"; }
die() {
  printf '%s\n' "[$1] ERROR: ${*:2}" >&2
  exit 1
}

# report_while PID COMMAND...: waits for PID (a background job of this shell), running COMMAND with
# the seconds elapsed as its last argument every 15 s meanwhile; returns PID's exit status.
report_while() {
  local pid="$1" started=$SECONDS next=15 status=0
  shift
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    # A deadline, not SECONDS % 15: on a busy machine `sleep 1` may skip the exact second.
    if ((SECONDS - started >= next)); then
      next=$((next + 15))
      "$@" $((SECONDS - started))
    fi
  done
  wait "$pid" || status=$?
  return "$status"
}

say_downloaded() {
  local size
  size="$(du -sm "$2" 2>/dev/null | cut -f1)"
  say "$1" "still downloading: ${size:-0} MB in ${2/#$HOME/\~} after $3 s"
}
say_still() { say "$1" "still $2 after $3 s"; }

# with_progress NAME WATCHED_DIR COMMAND...: runs a long, quiet download (Maven, Go, apt) and says
# every 15 s how far it is, by the size of the directory it fills, so a cold set-up is never
# silent for minutes. The command's own exit status is returned.
with_progress() {
  local name="$1" watched="$2"
  shift 2
  "$@" &
  report_while $! say_downloaded "$name" "$watched"
}

# with_ticker NAME WHAT COMMAND...: runs a long step that prints nothing (a compile) and says every
# 15 s that it is still WHAT, so it never looks hung. The command's own exit status is returned.
with_ticker() {
  local name="$1" what="$2"
  shift 2
  "$@" &
  report_while $! say_still "$name" "$what"
}

# use_project_node: puts the Node every target runs (infra/native/node.sh: the machine's if it is
# recent enough, else the one provisioned into .data/cache) first on PATH, for scripts run
# without make.
use_project_node() {
  local dir
  dir="$("$NATIVE/node.sh")" || die node "no Node $NODE_MAJOR to run"
  [[ ":$PATH:" == *":$dir:"* ]] || PATH="$dir:$PATH"
  export PATH
}

as_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

# apt_install [OPTION] PACKAGE...: installs Debian packages without starting the services they ship
# (a policy-rc.d that refuses every start while apt runs): our engines run from .data.
apt_install() {
  command -v apt-get >/dev/null || die provision "apt-get is missing: install $* by hand"
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    added_policy=1
  fi
  say apt "installing ${*/#-*/} from Debian (apt-get update first)"
  as_root apt-get update -qq
  # Download, then install, each with its own progress line: a cold chromium is ~100 MB.
  with_progress apt /var/cache/apt/archives \
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --download-only "$@" >/dev/null
  with_ticker apt "installing $*" \
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  ((added_policy == 0)) || as_root rm -f "$policy"
}

# restart_gateway STACK_ROOT [VAR=VALUE...]: the gateway of the services in STACK_ROOT again.
restart_gateway() {
  local stack="$1"
  shift
  (ROOT="$stack" RUN_DIR="$stack/.data/run" && stop_daemon gateway 20 >/dev/null)
  env "$@" "$stack/infra/native/services.sh" up >/dev/null
}

# pip_tool PACKAGE VERSION: installs a pinned PyPI tool into its own venv under .data/cache once
# (a marker file says the install finished) and prints the venv's bin directory.
pip_tool() {
  local package="$1" version="$2" venv="$CACHE/$1-$2"
  if [[ ! -f "$venv/.complete" ]]; then
    say "$package" "installing $package $version from PyPI into ${venv#"$ROOT"/}" >&2
    rm -rf "$venv"
    # Everything but the bin directory goes to stderr: the caller captures stdout as the path.
    python3 -m venv "$venv" >/dev/null 2>&1 || {
      rm -rf "$venv"
      apt_install --no-install-recommends python3-venv >&2
      python3 -m venv "$venv" >&2
    }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$package==$version" >&2 ||
      { rm -rf "$venv"; die "$package" "pip could not install $package $version"; }
    touch "$venv/.complete"
  fi
  printf '%s' "$venv/bin"
}

# exclusive NAME: holds a lock until the calling script exits, so two `up`s started at once
# (parallel test suites) run one after the other and the second finds everything running.
exclusive() {
  exec 9>"$RUN_DIR/$1.lock"
  flock 9
}

pid_file() { printf '%s' "$RUN_DIR/$1.pid"; }
log_file() { printf '%s' "$LOG_DIR/$1.log"; }

# The pid recorded for NAME if that process is alive and is still ours (its command line
# mentions this checkout), so a recycled pid is never mistaken for a running process.
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$ROOT" || return 1
  printf '%s' "$pid"
}

# start_daemon NAME CMD...: runs CMD detached in its own session, output appended to its log.
start_daemon() {
  local name="$1"
  shift
  printf '\n==== %s start %s ====\n' "$name" "$(date -u +%FT%TZ)" >>"$(log_file "$name")"
  # Every descriptor above stderr is closed first: the daemon must not inherit a lock, neither
  # the one `exclusive` holds (fd 9) nor one a caller took around us (`flock FILE -c 'make up'`),
  # or it would hold that lock for as long as it runs.
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd="${fd##*/}"
      ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid nohup "$@" >>"$(log_file "$name")" 2>&1 </dev/null
  ) &
  echo $! >"$(pid_file "$name")"
}

# stop_daemon NAME [SECONDS]: TERM, wait, then KILL; only ever signals the pid we recorded.
stop_daemon() {
  local name="$1" grace="${2:-30}" pid
  if ! pid="$(running_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    say "$name" "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name" "did not stop within ${grace}s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
  say "$name" "stopped (pid $pid)"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

fail_with_log() {
  local name="$1"
  shift
  printf '%s\n' "[$name] ERROR: $*" "---- last 40 lines of $(log_file "$name") ----" >&2
  tail -n 40 "$(log_file "$name")" >&2 || true
  exit 1
}

# wait_ready NAME SECONDS CHECK...: polls CHECK until it succeeds, the process dies, or the
# deadline passes; the last two fail with the tail of the engine's log.
wait_ready() {
  local name="$1" limit="$2"
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    running_pid "$name" >/dev/null || fail_with_log "$name" "process exited during start-up"
    ((SECONDS < deadline)) || fail_with_log "$name" "not ready after ${limit}s"
    sleep 1
  done
}

# Loads the generated .env (credentials and addresses) into the environment.
load_env() {
  [[ -f "$ROOT/.env" ]] || "$ROOT/infra/gen-env.sh"
  # Variables the caller set win over .env, as with node --env-file (LOG_LEVEL=debug make up).
  local preset
  preset="$(export -p | sed 's/^declare -x /declare -gx /')"
  set -a
  # shellcheck disable=SC1091
  source "$ROOT/.env"
  set +a
  eval "$preset"
}
