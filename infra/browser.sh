#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests (playwright-core drives it; no browser
# download): Debian's `chromium` package unless CHROMIUM_PATH or a chromium on PATH exists.
source "$(dirname "${BASH_SOURCE[0]}")/native/lib.sh"

if [[ -f "$ROOT/.env" ]]; then
  CHROMIUM_PATH="${CHROMIUM_PATH:-$(sed -n 's/^CHROMIUM_PATH=//p' "$ROOT/.env")}"
fi
if [[ -n "${CHROMIUM_PATH:-}" && -x "$CHROMIUM_PATH" ]] || command -v chromium >/dev/null; then
  exit 0
fi
say browser "installing chromium from Debian for the browser tests"
apt_install --no-install-recommends chromium fonts-liberation
