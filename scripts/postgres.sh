#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: ./scripts/postgres.sh start (prints its URL) | stop
# Uses Debian's binaries with a data folder of its own under /tmp, on its own port, owned by the postgres user.
set -euo pipefail
PGDATA_DIR=/tmp/carbon-peak-test-pg
PORT=${LEDGER_TEST_PG_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else sudo -u postgres "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
      rm -rf "$PGDATA_DIR"; mkdir -p "$PGDATA_DIR"; chown postgres "$PGDATA_DIR" 2>/dev/null || true
      as_postgres "$bin/initdb" -D "$PGDATA_DIR" -U postgres -A trust --no-sync >/dev/null
    fi
    as_postgres "$bin/pg_ctl" -D "$PGDATA_DIR" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" \
      -l "$PGDATA_DIR/server.log" -w start >/dev/null 2>&1 || true
    as_postgres "$bin/pg_isready" -h 127.0.0.1 -p "$PORT" -t 30 >/dev/null
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ledger_test'" | grep -q 1 \
      || as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres ledger_test
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/ledger_test"
    ;;
  stop)
    [ -d "$PGDATA_DIR" ] && as_postgres "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
