#!/usr/bin/env bash
# Runs the bot on its embedded defaults: shipped intents/, a local SQLite file, no platform token needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build -c release --product electionbot
exec .build/release/electionbot "${@:-serve}"
