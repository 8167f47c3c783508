#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on the current D-Bus session bus.
# Use inside `dbus-run-session -- bash scripts/with-keyring.sh CMD…`. The keyring lives in a throwaway home.
set -euo pipefail
command -v gnome-keyring-daemon >/dev/null || { echo "gnome-keyring-daemon not found: install Debian's gnome-keyring" >&2; exit 1; }
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "no D-Bus session bus: run this under dbus-run-session" >&2; exit 1; }

scratch=$(mktemp -d)
export XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/data"
mkdir -m 0700 -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
# The password only protects this throwaway keyring; it unlocks the login collection without a prompt.
eval "$(printf 'test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
daemon=$(pgrep -n -u "$(id -u)" gnome-keyring-d || true)
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
"$@"
