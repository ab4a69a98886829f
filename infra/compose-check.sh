#!/usr/bin/env bash
# Validates docker-compose.yml with `docker compose config`. Machines without Docker get the
# compose CLI built once from the Go module proxy (pinned in infra/versions.env) into .data/cache.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/infra/versions.env"
"$ROOT/infra/gen-env.sh"

compose=(docker compose)
if ! docker compose version >/dev/null 2>&1; then
  binary="$ROOT/.data/cache/compose-$COMPOSE_VERSION/docker-compose"
  if [[ ! -x "$binary" ]]; then
    command -v go >/dev/null || { echo "[compose] neither docker compose nor Go is installed" >&2; exit 1; }
    echo "[compose] building docker compose $COMPOSE_VERSION from the Go module proxy (once)"
    src="$(mktemp -d)"
    trap 'chmod -R u+w "$src"; rm -rf "$src"' EXIT
    module="$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    cp -r "$module/." "$src"
    chmod -R u+w "$src"
    mkdir -p "$(dirname "$binary")"
    (cd "$src" && go build -trimpath -o "$binary" ./cmd) >"$ROOT/.data/logs/compose-build.log" 2>&1 ||
      { tail -n 20 "$ROOT/.data/logs/compose-build.log" >&2; exit 1; }
  fi
  compose=("$binary")
fi
"${compose[@]}" --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" config --quiet
# The optional observability stack (Prometheus, Grafana, collector, Jaeger) is a profile.
"${compose[@]}" --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" --profile observability \
  config --quiet
echo "[compose] docker-compose.yml is valid (default and observability profiles)"
