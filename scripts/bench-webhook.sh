#!/usr/bin/env bash
# Webhook benchmark (loopback only, bounded): wrk against POST /webhook/telegram and against a bare Hummingbird
# route in the same server, question-to-platform latency through a fake Telegram, memory idle/under load, and
# the cost of each stage of the webhook path (--stage: parse only; parse and record; all). The server is
# `electionbot-bench webhook-server` from the Benchmarks package: the bot as `serve` builds it, plus the hooks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# BIN=path/to/electionbot-bench skips the build (for a binary built elsewhere). STAGES=0 skips the stage table.
if [ -z "${BIN:-}" ]; then
  swift build -c release --package-path Benchmarks --product electionbot-bench >/dev/null
  BIN=Benchmarks/.build/release/electionbot-bench
fi
WORK=$(mktemp -d)
FAKE_PORT=18181; BOT_PORT=18180; DURATION=${DURATION:-10}
python3 scripts/bench/fake_telegram.py $FAKE_PORT "$WORK/arrivals.json" & FAKE=$!
BOT=
trap 'kill $FAKE $BOT 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 0.5
start_bot() {  # $1: sends per second to the fake platform; $2: benchmark stage ("" = the whole path)
  TELEGRAM_BOT_TOKEN=123:BENCH TELEGRAM_SECRET_TOKEN=bench-secret TELEGRAM_API_BASE=http://127.0.0.1:$FAKE_PORT \
    TELEGRAM_RATE=$1 TELEGRAM_CHAT_INTERVAL_MS=0 \
    $BIN webhook-server --port $BOT_PORT --db "$WORK/bench-$1-${2:-all}.sqlite" ${2:+--stage $2} & BOT=$!
  for _ in $(seq 50); do curl -sf localhost:$BOT_PORT/healthz >/dev/null && break; sleep 0.2; done
}
stop_bot() { kill -TERM $BOT; wait $BOT 2>/dev/null || true; }
rss() { awk '/VmRSS/{print $2/1024 " MiB"}' /proc/$BOT/status; }
post() {  # $1: path, $2: seconds, then extra wrk flags
  local path=$1 seconds=$2; shift 2
  wrk -t2 -c32 -d${seconds}s "$@" -s scripts/bench/telegram_post.lua http://127.0.0.1:$BOT_PORT/$path
}
rate() { awk '/Requests\/sec/{printf "%.0f", $2}'; }
count() { awk '/requests in/{print $1}'; }
cpu_ticks() { awk '{print $14 + $15}' /proc/$BOT/stat; }  # server user + system time, in clock ticks

start_bot 2000
echo "memory idle: $(rss)"
python3 scripts/bench/latency_probe.py http://127.0.0.1:$BOT_PORT bench-secret "$WORK/arrivals.json" 200
stop_bot

# For throughput, replies leave at the production rate (25/s) so the Python fake does not compete for the CPU.
# Every request carries a fresh update_id (see telegram_post.lua): each one is a new message, recorded and
# answered, never a redelivery.
declare -A BARE HOOK BARE_CPU HOOK_CPU
HZ=$(getconf CLK_TCK)
for stage in ${STAGE_LIST:-parse record all}; do
  [ "${STAGES:-1}" = 0 ] && [ "$stage" != all ] && continue
  start_bot 25 "$([ "$stage" = all ] || echo "$stage")"
  # Warm-up, not measured: a fresh database file grows its pages and WAL during the first seconds of writes
  # (measured: the first 6 s run 30 % slower than the next), and a long-running server is past that.
  post webhook/telegram 3 >/dev/null
  post bench/bare 2 >/dev/null
  sleep 2  # let the warm-up's answers drain
  # Server CPU per request is steadier than requests/s on a shared VM; the webhook's includes the second after
  # the run in which the last answers are settled.
  c0=$(cpu_ticks); bare=$(post bench/bare $DURATION); c1=$(cpu_ticks)
  hook=$(post webhook/telegram $DURATION --latency); sleep 1; c2=$(cpu_ticks)
  BARE[$stage]=$(echo "$bare" | rate); HOOK[$stage]=$(echo "$hook" | rate)
  BARE_CPU[$stage]=$(( (c1 - c0) * 1000000 / HZ / $(echo "$bare" | count) ))
  HOOK_CPU[$stage]=$(( (c2 - c1) * 1000000 / HZ / $(echo "$hook" | count) ))
  if [ "$stage" = all ]; then
    echo "--- bare Hummingbird route (POST /bench/bare, same server, same body) ---"
    echo "$bare" | grep -E "Requests/sec|Latency|requests in"
    echo "--- POST /webhook/telegram (verify, json-c parse, durable inbox insert, 200; answered meanwhile) ---"
    echo "$hook" | grep -E "Requests/sec|Latency|requests in|99%|50%"
    sleep 1
    echo "memory after load: $(rss), peak $(awk '/VmHWM/{print $2/1024 " MiB"}' /proc/$BOT/status)"
  fi
  stop_bot
done
echo "--- where the webhook's time goes: each stage against the bare route in the same server ---"
for stage in parse record all; do
  [ -n "${HOOK[$stage]:-}" ] || continue
  case $stage in
    parse) what="verify + parse, 200 (nothing stored)" ;;
    record) what="+ durable inbox insert before the 200" ;;
    all) what="+ answering and settling (the real path)" ;;
  esac
  awk -v w="$what" -v h="${HOOK[$stage]}" -v b="${BARE[$stage]}" -v hc="${HOOK_CPU[$stage]}" -v bc="${BARE_CPU[$stage]}" \
    'BEGIN { printf "%-42s %6d req/s vs bare %6d req/s: %4.1f %%  (server CPU %d vs %d µs/request)\n", w, h, b, 100 * h / b, hc, bc }'
done
