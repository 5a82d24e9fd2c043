#!/usr/bin/env bash
# `make bench`: build the large data set once (seed_demo --scale large) in SQLite and in
# PostgreSQL, cached in bench-data/ (rebuilt only when migrations or demo code change),
# then time pages, the year-end export and the roster import on both and print a table.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DATA=${BENCH_DATA:-bench-data}
PG_PORT=${BENCH_PG_PORT:-54339}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
export UNIONHUB_TESTING=1 CONN_MAX_AGE=60
# The data depends on the schema and on every app's demo.py: a change there rebuilds it.
KEY=$(cat $(ls ./*/migrations/0*.py ./*/demo.py unionhub/management/commands/seed_demo.py 2>/dev/null | sort) | sha256sum | cut -c1-16)

seed() {  # seed DATABASE_URL
  local started=$SECONDS
  DATABASE_URL=$1 "$PY" manage.py migrate --noinput -v0
  DATABASE_URL=$1 "$PY" manage.py seed_demo --scale large
  echo "  用时 $((SECONDS - started)) 秒"
}

SQLITE=$DATA/large.sqlite3
if [ -f "$SQLITE" ] && [ "$(cat "$SQLITE.key" 2>/dev/null)" = "$KEY" ]; then
  echo "SQLite：复用 $SQLITE"
else
  echo "SQLite：构建大规模数据（seed_demo --scale large）…"
  rm -f "$SQLITE" "$SQLITE.key" "$SQLITE.building"
  seed "sqlite:///$SQLITE.building"
  mv "$SQLITE.building" "$SQLITE"
  echo "$KEY" > "$SQLITE.key"
fi

PG_PORT=$PG_PORT .ci/pg.sh start
trap 'PG_PORT=$PG_PORT .ci/pg.sh stop' EXIT
PSQL=("$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS unionhub_bench" -c "CREATE DATABASE unionhub_bench"
PGURL=postgres://postgres@127.0.0.1:$PG_PORT/unionhub_bench
DUMP=$DATA/large.pgdump
if [ -f "$DUMP" ] && [ "$(cat "$DUMP.key" 2>/dev/null)" = "$KEY" ]; then
  echo "PostgreSQL：从 $DUMP 恢复"
  "$PGBIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d unionhub_bench --no-owner -j 2 "$DUMP"
else
  echo "PostgreSQL：构建大规模数据（seed_demo --scale large）…"
  rm -f "$DUMP" "$DUMP.key"
  seed "$PGURL"
  "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Fc -f "$DUMP.building" unionhub_bench
  mv "$DUMP.building" "$DUMP"
  echo "$KEY" > "$DUMP.key"
fi
"${PSQL[@]}" -d unionhub_bench -c "ANALYZE"

ROSTER=$DATA/roster20000.xlsx  # generated once, imported (and rolled back) on both databases
DATABASE_URL=sqlite:///$SQLITE "$PY" bench/run.py --label SQLite --roster "$ROSTER" --json "$DATA/result-sqlite.json"
DATABASE_URL=$PGURL "$PY" bench/run.py --label PostgreSQL --roster "$ROSTER" --json "$DATA/result-pg.json"
"$PY" bench/report.py "$DATA/result-sqlite.json" "$DATA/result-pg.json"
