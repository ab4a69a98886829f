#!/usr/bin/env bash
# Creates .env from .env.example once, filling every __GENERATE__ with a random secret.
# An existing .env is kept, but variables added to .env.example since are appended to it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
example="$ROOT/.env.example"
target="$ROOT/.env"

secret() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

touch "$target"
chmod 600 "$target"
added=0
while IFS= read -r line; do
  [[ "$line" =~ ^([A-Z0-9_]+)=(.*)$ ]] || continue
  key="${BASH_REMATCH[1]}"
  value="${BASH_REMATCH[2]}"
  grep -q "^${key}=" "$target" && continue
  [[ "$value" == "__GENERATE__" ]] && value="$(secret)"
  printf '%s=%s\n' "$key" "$value" >>"$target"
  added=$((added + 1))
done <"$example"
((added == 0)) || echo "[env] wrote $added variable(s) to .env"
