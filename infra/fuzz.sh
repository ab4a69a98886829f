#!/usr/bin/env bash
# `make fuzz`: Schemathesis (PyPI, pinned in infra/versions.env, installed into a venv under
# .data/cache) against the OpenAPI document every running service serves at /docs/json, with
# every check (`--checks all`), a bounded time per service, and real tokens: a customer of its
# own (infra/fuzz/tokens.mjs) for most services, the bootstrap ADMIN for the catalog. Zero
# failures or it exits 1. Needs the services running (`make up`; `make test` runs it after the
# end-to-end suites). FUZZ_SECONDS (per service, default 30) and FUZZ_EXAMPLES (per operation,
# default 30) bound it; FUZZ_SERVICES='order payment' picks services. Reports: .data/fuzz/.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"

REPORTS="$DATA/fuzz"
SECONDS_PER_SERVICE="${FUZZ_SECONDS:-30}"
EXAMPLES="${FUZZ_EXAMPLES:-30}"
# What each service is fuzzed as: its port and whose token it gets.
declare -A PORT=([account]=8084 [item]=8081 [order]=8082 [payment]=8083 [cart]=8085
  [notification]=8086 [gateway]=8080)
declare -A AS=([account]=CUSTOMER [item]=ADMIN [order]=CUSTOMER [payment]=CUSTOMER
  [cart]=CUSTOMER [notification]=CUSTOMER [gateway]=CUSTOMER)

# fuzz_service NAME TOKEN: one Schemathesis run against the service's own document.
fuzz_service() {
  local name="$1" token="$2" base="http://127.0.0.1:${PORT[$1]}" only=()
  # Through the gateway every request comes from the gateway's view of the client, 127.0.0.1:
  # failed logins there would lock out every test that signs in. Login is fuzzed at
  # account-service directly.
  [[ "$name" == gateway ]] && only=(--exclude-path /api/v1/auth/login)
  say fuzz "$name: $base/docs/json as ${AS[$name]} (${SECONDS_PER_SERVICE} s, ${EXAMPLES} examples per operation)"
  # X-Forwarded-For (from a documentation address, RFC 5737): account-service trusts it from
  # loopback, so its login throttle counts the fuzzer's failed logins against that address,
  # never against 127.0.0.1 that every test signs in from.
  (cd "$REPORTS" && "$SCHEMATHESIS" --config-file "$ROOT/infra/fuzz/schemathesis.toml" --no-color run \
    "$base/docs/json" --url "$base" \
    --checks all --max-time "$SECONDS_PER_SERVICE" --max-examples "$EXAMPLES" \
    --workers 1 --seed "${FUZZ_SEED:-20}" --generation-database none \
    --header "Authorization: Bearer $token" --header 'X-Forwarded-For: 192.0.2.77' \
    --suppress-health-check all --warnings off \
    --report junit,ndjson --report-dir "$REPORTS/$name" "${only[@]}" \
    >"$REPORTS/$name.log" 2>&1)
}

# The gateway merges the services' documents as they answer; until every one is in, its own
# document says who is missing ("Not answering right now"), and the fuzzer would skip them.
await_merged_document() {
  local deadline=$((SECONDS + 60))
  until node -e "fetch('http://127.0.0.1:${PORT[gateway]}/docs/json').then((r) => r.text()).then(
      (t) => process.exit(t.includes('\"openapi\"') && !t.includes('Not answering right now') ? 0 : 1),
      () => process.exit(1))"; do
    ((SECONDS < deadline)) || die fuzz "the gateway's API document still misses a service after 60 s"
    sleep 2
  done
}

# Without a token the gateway allows 600 requests a minute per address: the fuzzer's anonymous
# requests would get 429 where the document promises 401. Natively the gateway is fuzzed with
# its limits lifted, and restarted as configured when this script ends.
lift_gateway_limits() {
  [[ "${INFRA:-native}" == native ]] || return 0
  trap 'restart_gateway "$ROOT"' EXIT
  restart_gateway "$ROOT" GATEWAY_RATE_LIMIT_PER_MINUTE=1000000 \
    GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000
}

SCHEMATHESIS="$(pip_tool schemathesis "$SCHEMATHESIS_VERSION")/schemathesis"
load_env
mkdir -p "$REPORTS"
eval "$(cd "$ROOT" && node --env-file=.env infra/fuzz/tokens.mjs)"
failed=()
for name in ${FUZZ_SERVICES:-account item order payment cart notification gateway}; do
  if [[ "$name" == gateway ]]; then
    lift_gateway_limits
    await_merged_document
  fi
  token_var="${AS[$name]}_TOKEN"
  # A run that tested nothing (the time ran out before any case) proves nothing: a failure too.
  if fuzz_service "$name" "${!token_var}" && ! grep -q 'No test cases were generated' "$REPORTS/$name.log"; then
    say fuzz "$name: no failures in $(grep -A1 '^Test cases:' "$REPORTS/$name.log" | tail -1 | xargs)"
  else
    failed+=("$name")
    tail -n 60 "$REPORTS/$name.log"
    say fuzz "$name: FAILED (whole output: ${REPORTS#"$ROOT"/}/$name.log)"
  fi
done
((${#failed[@]} == 0)) || die fuzz "failures in: ${failed[*]}"
say fuzz "every service passed"
