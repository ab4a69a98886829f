#!/usr/bin/env bash
# Rotates account-service's JWT signing key in three steps, each followed by a rolling restart
# of account-service (docs/tokens.md explains why two restarts make the rotation 401-free):
#   stage    creates the next key (jwt-next-key.pem): published in the JWKS, not signing yet
#   promote  the next key signs; the old one becomes jwt-previous-key.pem (still verifies)
#   retire   drops the previous key, once every token it signed has expired
# Works on KEY_DIR (default .data/secrets, where `make env` creates the first key); the same
# files go into the Kubernetes Secret shop-jwt-signing-key (see infra/k8s/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${KEY_DIR:-$ROOT/.data/secrets}"
current="$dir/jwt-signing-key.pem" previous="$dir/jwt-previous-key.pem" next="$dir/jwt-next-key.pem"

new_key() {
  (umask 077 && node -e "
    const { generateKeyPairSync } = require('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    process.stdout.write(privateKey.export({ format: 'pem', type: 'pkcs8' }));" >"$1.tmp")
  mv "$1.tmp" "$1"
}
# The kid the JWKS gives the key in $1 (RFC 7638 thumbprint, as packages/platform computes it).
kid_of() {
  node -e "
    const { createHash, createPublicKey } = require('node:crypto');
    const jwk = createPublicKey(require('node:fs').readFileSync(process.argv[1])).export({ format: 'jwk' });
    const { crv, kty, x, y } = jwk;
    console.log(createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url'));" "$1"
}
show() {
  for file in "$current" "$previous" "$next"; do
    [[ -f "$file" ]] && echo "  $(basename "$file"): kid $(kid_of "$file")"
  done
  return 0
}

[[ -f "$current" ]] || { echo "[keys] no signing key in $dir (run make env first)" >&2; exit 1; }
case "${1:-status}" in
  stage)
    if [[ -f "$next" ]]; then echo "[keys] a next key is already staged"; else new_key "$next"; fi
    echo "[keys] staged; now roll account-service (every replica must publish the next key),"
    echo "       wait at least 60 s after the rollout ended, then: make rotate-keys STEP=promote"
    ;;
  promote)
    [[ -f "$next" ]] || { echo "[keys] nothing staged: run make rotate-keys STEP=stage first" >&2; exit 1; }
    cp -p "$current" "$previous.tmp" && mv "$previous.tmp" "$previous"
    mv "$next" "$current"
    echo "[keys] promoted; now roll account-service. Retire the previous key no sooner than"
    echo "       ACCESS_TOKEN_TTL_SECONDS after that rollout ended: make rotate-keys STEP=retire"
    ;;
  retire)
    rm -f "$previous"
    echo "[keys] previous key removed; roll account-service to stop publishing it"
    ;;
  status) ;;
  *) echo "usage: $0 stage|promote|retire|status" >&2; exit 2 ;;
esac
show
