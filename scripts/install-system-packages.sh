#!/usr/bin/env bash
# Installs the C libraries the bot links (libcurl, json-c, SQLite) when any is missing, and the Python
# packages scripts/check-schema.py uses (PyYAML, jsonschema).
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
# scripts/check-schema.py (run by scripts/test.sh) needs the PyPI package jsonschema and PyYAML.
if ! python3 -c "import yaml" >/dev/null 2>&1; then
  echo "installing: python3-yaml" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-yaml >/dev/null
fi
if ! python3 -c "import jsonschema" >/dev/null 2>&1; then
  echo "installing: jsonschema (pip)" >&2
  if ! python3 -m pip --version >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
  fi
  python3 -m pip install --quiet jsonschema 2>/dev/null || python3 -m pip install --quiet --break-system-packages jsonschema
fi
