#!/usr/bin/env bash
# Installs the C libraries the bot links (libcurl, json-c, SQLite) when any is missing, and what
# scripts/check-schema.py uses (PyYAML and jsonschema, both from Debian), and what
# scripts/browser-test.py drives (Chromium, with DejaVu fonts so its screenshots have readable text).
# Used by the README's commands and by CI, so a fresh machine needs nothing else.
set -euo pipefail
need=()
for pkg in libcurl4-openssl-dev libjson-c-dev libsqlite3-dev pkg-config chromium fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
python3 -c "import yaml" >/dev/null 2>&1 || need+=(python3-yaml)
python3 -c "import jsonschema" >/dev/null 2>&1 || need+=(python3-jsonschema)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
