#!/usr/bin/env bash
# Validates docker-compose.yml with `docker compose config`. Machines without Docker get the
# compose CLI built once from the Go module proxy (pinned in infra/versions.env) into .data/cache.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"
"$ROOT/infra/gen-env.sh"

compose=(docker compose)
if ! docker compose version >/dev/null 2>&1; then
  binary="$ROOT/.data/cache/compose-$COMPOSE_VERSION/docker-compose"
  if [[ ! -x "$binary" ]]; then
    command -v go >/dev/null || { echo "[compose] neither docker compose nor Go is installed" >&2; exit 1; }
    say compose "building docker compose $COMPOSE_VERSION from the Go module proxy (once)"
    src="$(mktemp -d)"
    trap 'chmod -R u+w "$src"; rm -rf "$src"' EXIT
    say compose "downloading github.com/docker/compose/v2@$COMPOSE_VERSION and its modules"
    with_progress compose "$(go env GOMODCACHE)" bash -c 'go mod download -json "$1" >"$2"' _ \
      "github.com/docker/compose/v2@$COMPOSE_VERSION" "$src.json"
    module="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' "$src.json")"
    rm -f "$src.json"
    cp -r "$module/." "$src"
    chmod -R u+w "$src"
    mkdir -p "$(dirname "$binary")"
    say compose "compiling (go build; the first time also downloads its dependencies)"
    with_ticker compose "downloading and compiling" bash -c \
      'cd "$1" && exec go build -trimpath -o "$2" ./cmd >"$3" 2>&1' _ \
      "$src" "$binary" "$LOG_DIR/compose-build.log" ||
      { tail -n 20 "$LOG_DIR/compose-build.log" >&2; exit 1; }
  fi
  compose=("$binary")
fi
"${compose[@]}" --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" config --quiet
# The optional observability stack (Prometheus, Grafana, collector, Jaeger) is a profile.
"${compose[@]}" --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" --profile observability \
  config --quiet
echo "[compose] docker-compose.yml is valid (default and observability profiles)"
