#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests on 127.0.0.1 and prints its DATABASE_URL; `stop DIR`
# stops it and deletes its data directory. Debian's `postgresql` package provides the binaries.
#   eval "$(scripts/postgres-test-server.sh start)"   # exports ELECTIONBOT_TEST_DATABASE_URL and PG_TEST_DIR
#   scripts/postgres-test-server.sh stop "$PG_TEST_DIR"
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgres-test-server: PostgreSQL binaries not found (apt-get install postgresql)" >&2; exit 1; }
# initdb and postgres refuse to run as root: run them as the package's postgres user then.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
start)
  port=${PG_TEST_PORT:-55432}
  dir=$(mktemp -d /tmp/electionbot-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U electionbot --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Durability off: a test server is thrown away, and fsync would dominate the tests' time.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U electionbot electionbot_test
  echo "export PG_TEST_DIR=$dir"
  echo "export ELECTIONBOT_TEST_DATABASE_URL=postgres://electionbot@127.0.0.1:$port/electionbot_test"
  ;;
stop)
  dir=${2:?usage: stop DIR}
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
