#!/usr/bin/env bash
# Installs the C libraries the bot links (libcurl, json-c, SQLite) when any is missing.
# Used by the README's commands and by CI, so a fresh machine needs nothing else.
set -euo pipefail
need=()
for pkg in libcurl4-openssl-dev libjson-c-dev libsqlite3-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
