#!/usr/bin/env bash
# The test command: installs missing system packages, checks formatting and the shipped knowledge files,
# runs every test with warnings as errors, then the admin console's real-browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift format lint --strict --recursive Sources Tests Benchmarks/Package.swift Benchmarks/Sources Benchmarks/Benchmarks
swift build --build-tests -Xswiftc -warnings-as-errors
.build/debug/electionbot check intents
# The editors' JSON Schemas (schema/) must agree with the loader: see scripts/check-schema.py.
python3 scripts/check-schema.py .build/debug/electionbot
# The heap-growth check measures the whole process, so it runs alone, before the full suite.
ELECTIONBOT_LEAK_CHECK=1 swift test -Xswiftc -warnings-as-errors --skip-build --filter parseAndSerializeDoNotLeak
swift test -Xswiftc -warnings-as-errors "$@"
# The admin console in a real headless Chromium against the real serve (see docs/console.md).
python3 scripts/browser-test.py .build/debug/electionbot
