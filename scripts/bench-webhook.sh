#!/usr/bin/env bash
# Webhook benchmark (loopback only, bounded): wrk against POST /webhook/telegram and against a bare Hummingbird
# route in the same server, question-to-platform latency through a fake Telegram, and memory idle/under load.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# BIN=path/to/electionbot skips the build (for a binary built elsewhere).
if [ -z "${BIN:-}" ]; then
  swift build -c release --product electionbot >/dev/null
  BIN=.build/release/electionbot
fi
WORK=$(mktemp -d)
FAKE_PORT=18181; BOT_PORT=18180; DURATION=${DURATION:-10}
python3 scripts/bench/fake_telegram.py $FAKE_PORT "$WORK/arrivals.json" & FAKE=$!
trap 'kill $FAKE $BOT 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 0.5
start_bot() {  # $1: sends per second to the fake platform
  TELEGRAM_BOT_TOKEN=123:BENCH TELEGRAM_SECRET_TOKEN=bench-secret TELEGRAM_API_BASE=http://127.0.0.1:$FAKE_PORT \
    TELEGRAM_RATE=$1 TELEGRAM_CHAT_INTERVAL_MS=0 ELECTIONBOT_BENCH_BARE_ROUTE=1 LOG_LEVEL=warning \
    $BIN serve --port $BOT_PORT --db "$WORK/bench-$1.sqlite" & BOT=$!
  for _ in $(seq 50); do curl -sf localhost:$BOT_PORT/healthz >/dev/null && break; sleep 0.2; done
}
start_bot 2000
rss() { awk '/VmRSS/{print $2/1024 " MiB"}' /proc/$BOT/status; }
echo "memory idle: $(rss)"
python3 scripts/bench/latency_probe.py http://127.0.0.1:$BOT_PORT bench-secret "$WORK/arrivals.json" 200
# For throughput, replies leave at the production rate (25/s) so the Python fake does not compete for the CPU.
kill -TERM $BOT; wait $BOT 2>/dev/null || true
start_bot 25
# Warm-up, not measured: a fresh database file grows its pages and WAL during the first seconds of writes
# (measured: the first 6 s run 30 % slower than the next), and a long-running server is past that.
wrk -t2 -c32 -d3s -s scripts/bench/telegram_post.lua http://127.0.0.1:$BOT_PORT/webhook/telegram >/dev/null
wrk -t2 -c32 -d2s -s scripts/bench/telegram_post.lua http://127.0.0.1:$BOT_PORT/bench/bare >/dev/null
sleep 2  # let the warm-up's answers drain
echo "--- bare Hummingbird route (POST /bench/bare, same server, same body) ---"
wrk -t2 -c32 -d${DURATION}s -s scripts/bench/telegram_post.lua http://127.0.0.1:$BOT_PORT/bench/bare | grep -E "Requests/sec|Latency|requests in"
echo "--- POST /webhook/telegram (verify, json-c parse, durable inbox insert, 200) ---"
wrk -t2 -c32 -d${DURATION}s --latency -s scripts/bench/telegram_post.lua http://127.0.0.1:$BOT_PORT/webhook/telegram | grep -E "Requests/sec|Latency|requests in|99%|50%"
echo "memory after load: $(rss), peak $(awk '/VmHWM/{print $2/1024 " MiB"}' /proc/$BOT/status)"
