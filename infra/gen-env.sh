#!/usr/bin/env bash
# Builds .env from .env.example and services/*/.env.example, once per variable: a variable
# already in .env is kept, new ones are appended. In the examples, __GENERATE__ becomes a random
# secret, __ROOT__ this checkout's path and ${NAME} the value NAME has in .env.
# Also creates the development JWT signing key (.data/secrets) when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$ROOT/.env"

secret() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

touch "$target"
chmod 600 "$target"
declare -A value_of
while IFS='=' read -r key value; do value_of[$key]="$value"; done < <(grep -E '^[A-Z0-9_]+=' "$target")

added=()
for example in "$ROOT/.env.example" "$ROOT"/services/*/.env.example; do
  [[ -f "$example" ]] || continue
  while IFS= read -r line; do
    [[ "$line" =~ ^([A-Z0-9_]+)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}"
    [[ -v "value_of[$key]" ]] && continue
    value="${BASH_REMATCH[2]//__ROOT__/$ROOT}"
    [[ "$value" == "__GENERATE__" ]] && value="$(secret)"
    value_of[$key]="$value"
    added+=("$key")
  done <"$example"
done

expand() {
  local text="$1" name
  while [[ "$text" =~ \$\{([A-Z0-9_]+)\} ]]; do
    name="${BASH_REMATCH[1]}"
    [[ -v "value_of[$name]" ]] || { echo "[env] ${name} is referenced but never defined" >&2; exit 1; }
    text="${text//\$\{$name\}/${value_of[$name]}}"
  done
  printf '%s' "$text"
}
for key in "${added[@]}"; do printf '%s=%s\n' "$key" "$(expand "${value_of[$key]}")" >>"$target"; done
((${#added[@]} == 0)) || echo "[env] wrote ${#added[@]} variable(s) to .env"

key_file="$ROOT/.data/secrets/jwt-signing-key.pem"
if [[ ! -f "$key_file" ]]; then
  mkdir -p "$(dirname "$key_file")"
  chmod 700 "$(dirname "$key_file")"
  (umask 077 && node -e "
    const { generateKeyPairSync } = require('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    process.stdout.write(privateKey.export({ format: 'pem', type: 'pkcs8' }));" >"$key_file")
  echo "[env] created a development JWT signing key in .data/secrets"
fi
