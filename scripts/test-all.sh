#!/usr/bin/env bash
# The README's test command: installs what the tests need (npm packages; Debian's chromium, gnome-keyring, dbus,
# python3-oauthlib, squid, openssl) and runs typecheck, lint and every suite inside a private D-Bus session with an
# unlocked keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium gnome-keyring dbus dbus-x11 libsecret-tools python3-oauthlib tmux squid openssl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm run typecheck
npm run lint
exec dbus-run-session -- bash scripts/with-keyring.sh npm test
