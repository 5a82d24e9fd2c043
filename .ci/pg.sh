#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and benchmarks: private data dir, port and socket dir.
# Usage: .ci/pg.sh start|stop|url      (PG_PORT, PG_DIR override the defaults; PG_DURABLE=1: fsync on)
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-54329}
PG_DIR=${PG_DIR:-/tmp/unionhub-pg-$PG_PORT}
DATA=$PG_DIR/data
SOCK=$PG_DIR/sock

as_pg() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-}" in
  start)
    if [ -f "$DATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
      echo "PostgreSQL already running on port $PG_PORT"; exit 0
    fi
    rm -rf "$PG_DIR"; mkdir -p "$DATA" "$SOCK"
    [ "$(id -u)" = "0" ] && chown -R postgres:postgres "$PG_DIR"
    as_pg "$PGBIN/initdb -D $DATA -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
    # tests trade durability for speed; PG_DURABLE=1 (the load test) keeps PostgreSQL's defaults,
    # so a commit is on disk before the app acknowledges it, as in production
    FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_DURABLE:-0}" = "1" ] && FAST=""
    as_pg "$PGBIN/pg_ctl -D $DATA -l $PG_DIR/server.log -w -o \"-p $PG_PORT -k $SOCK -c listen_addresses=127.0.0.1 $FAST -c max_connections=200\" start >/dev/null"
    echo "PostgreSQL started on 127.0.0.1:$PG_PORT (data in $DATA)"
    ;;
  stop)
    if [ -d "$DATA" ]; then as_pg "$PGBIN/pg_ctl -D $DATA -m fast stop >/dev/null" || true; fi
    rm -rf "$PG_DIR"
    ;;
  url)
    echo "postgres://postgres@127.0.0.1:$PG_PORT/unionhub"
    ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
