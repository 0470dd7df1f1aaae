#!/usr/bin/env bash
# The test command: installs missing system packages, checks the shipped knowledge files, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift format lint --strict --recursive Sources Tests
swift build --product electionbot -Xswiftc -warnings-as-errors
.build/debug/electionbot check intents
swift test -Xswiftc -warnings-as-errors "$@"
# The heap-growth check measures the whole process, so it runs alone.
ELECTIONBOT_LEAK_CHECK=1 swift test -Xswiftc -warnings-as-errors --skip-build --filter parseAndSerializeDoNotLeak
