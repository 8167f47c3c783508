#!/usr/bin/env bash
# The README's test command: installs what the tests need (npm packages; Debian's chromium, gnome-keyring, dbus,
# python3-oauthlib, tmux, zsh, fish, squid, openssl; gh, the peer the benchmark compares with) and runs typecheck,
# lint and every suite on Node 20 (the machine's node), then again on Node 24, each inside a private D-Bus session
# with an unlocked keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium gnome-keyring dbus dbus-x11 libsecret-tools python3-oauthlib tmux zsh fish squid openssl gh)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund

# Node 24 is the node-linux-<arch> package of the npm registry: the binary alone, nothing else downloaded. It goes in
# a gitignored prefix, not in package.json, so that `npm ci && npm run demo` installs no second Node.
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "no Node 24 package for $(uname -m) in this script" >&2; exit 1 ;;
esac
node24_prefix=.cache/node24
node24_bin="$PWD/$node24_prefix/node_modules/node-linux-$arch/bin"
if ! [[ -x "$node24_bin/node" && "$("$node24_bin/node" --version)" == v24.* ]]; then
  npm install --no-save --no-audit --no-fund --prefix "$node24_prefix" "node-linux-$arch@24"
fi

# One runtime: its directory goes first on PATH, so npm, the scripts it runs and anything that starts `node` by name
# use it (the suites themselves start children with process.execPath). A fresh D-Bus session and keyring each.
run_all() {
  PATH="$1:$PATH"
  local version started=$SECONDS
  version=$(node --version)
  echo "== Node $version =="
  npm run typecheck
  npm run lint
  dbus-run-session -- bash scripts/with-keyring.sh npm test
  echo "== Node $version: typecheck, lint and every suite passed in $((SECONDS - started)) s =="
}
(run_all "$(dirname "$(command -v node)")")
(run_all "$node24_bin")
