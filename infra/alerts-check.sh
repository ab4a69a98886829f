#!/usr/bin/env bash
# Checks the Prometheus configuration and alert rules of infra/observability with promtool
# (Debian's, installed on first use): the config and the rules it loads are valid, the rules'
# unit tests (alerts.test.yml) pass, and the scrape targets are every service of
# infra/services.txt on its port and on port + 100 (its second replica). Part of `make test`.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"

OBSERVABILITY="$ROOT/infra/observability"

if ! command -v promtool >/dev/null; then
  say alerts "installing Debian's $PROMETHEUS_DEBIAN_PACKAGE for promtool"
  apt_install --no-install-recommends "$PROMETHEUS_DEBIAN_PACKAGE"
fi

# Each service's two addresses, from services.txt, against the config's targets.
check_targets() {
  local name dir port _ missing=0 target
  while read -r name dir port _; do
    for target in "127.0.0.1:$port" "127.0.0.1:$((port + 100))"; do
      grep -qF "\"$target\"" "$OBSERVABILITY/prometheus.yml" || {
        echo "[alerts] prometheus.yml does not scrape $name at $target" >&2
        missing=1
      }
    done
  done < <(grep -v '^#' "$ROOT/infra/services.txt" | grep -v '^[[:space:]]*$')
  return "$missing"
}

cd "$OBSERVABILITY"
promtool check config prometheus.yml
promtool test rules alerts.test.yml
check_targets
say alerts "prometheus.yml and alerts.yml are valid, their tests pass, every service is scraped"
