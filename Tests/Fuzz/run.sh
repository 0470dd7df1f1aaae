#!/bin/sh
# Builds the libFuzzer harness for JSONWire and the Channels parsers with -sanitize=fuzzer,address and runs
# it. Usage: Tests/Fuzz/run.sh [libFuzzer options…]   (default: -max_total_time=60)
# The SwiftPM build of swift-crypto is reused (not instrumented); our modules are compiled here, out of tree.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${FUZZ_OUT:-${TMPDIR:-/tmp}/electionbot-fuzz}
mkdir -p "$OUT/corpus"
cd "$ROOT"
swift build --target Crypto >/dev/null
BIN=$(swift build --show-bin-path)
CRYPTO="$ROOT/.build/checkouts/swift-crypto/Sources"
CFLAGS="-Xcc -fmodule-map-file=$ROOT/Sources/CJSONC/module.modulemap"
for map in "$CRYPTO"/CCryptoBoringSSL/include "$CRYPTO"/CCryptoBoringSSLShims/include "$CRYPTO"/CXKCP/include \
    "$CRYPTO"/CXKCPShims/include "$BIN"/CryptoBoringWrapper.build/include; do
    [ -f "$map/module.modulemap" ] && CFLAGS="$CFLAGS -Xcc -fmodule-map-file=$map/module.modulemap"
done
SAN="-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6"
swiftc $SAN -module-name JSONWire -emit-module -emit-module-path "$OUT/JSONWire.swiftmodule" -c \
    -o "$OUT/JSONWire.o" -wmo $CFLAGS "$ROOT"/Sources/JSONWire/*.swift
swiftc $SAN -module-name Channels -emit-module -emit-module-path "$OUT/Channels.swiftmodule" -c \
    -o "$OUT/Channels.o" -wmo -I "$OUT" -I "$BIN/Modules" $CFLAGS $(find "$ROOT/Sources/Channels" -name '*.swift')
OBJECTS=$(find "$BIN/Crypto.build" "$BIN/CCryptoBoringSSL.build" "$BIN/CCryptoBoringSSLShims.build" \
    "$BIN/CryptoBoringWrapper.build" "$BIN/SwiftASN1.build" "$BIN/CXKCP.build" "$BIN/CXKCPShims.build" \
    -name '*.o' 2>/dev/null)
swiftc $SAN -module-name FuzzChannels -I "$OUT" -I "$BIN/Modules" $CFLAGS "$ROOT/Tests/Fuzz/FuzzTarget.swift" \
    "$OUT/JSONWire.o" "$OUT/Channels.o" $OBJECTS -ljson-c -lstdc++ -o "$OUT/fuzz-channels"
# Seed the corpus with the test fixtures, one file per target selector.
for f in "$ROOT"/Tests/Fuzz/seeds/*; do
    [ -f "$f" ] && cp "$f" "$OUT/corpus/$(basename "$f")"
done
[ $# -eq 0 ] && set -- -max_total_time=60
# Swift's own crash handler fights ASan; let libFuzzer report the trap.
export SWIFT_BACKTRACE=enable=no
exec "$OUT/fuzz-channels" "$OUT/corpus" "$@"
