# unionhub: two commands set up a fresh machine.
#   make run   - venv, install, migrate, demo data, serve on http://127.0.0.1:8000 (SQLite)
#   make test  - install test needs (Chromium, CJK fonts, PostgreSQL), run everything
#   make bench - time pages, export and import at the large scale (SQLite and PostgreSQL)
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST := $(VENV)/bin/pytest
PG_PORT ?= 54329
APT_PACKAGES := chromium fonts-noto-cjk postgresql

.PHONY: run install venv migrate demo test test-sqlite test-pg test-e2e lint system-deps bench clean

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate requirements.txt
	$(PIP) install -q -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Debian packages the tests need: Chromium for the browser tests, CJK fonts so screenshots
# show Chinese, PostgreSQL for the second test run. Installed only when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "安装系统依赖:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = "0" ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	UNIONHUB_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	UNIONHUB_TESTING=1 $(PYTEST) -q -m "not e2e and not postgres" -n 2 -p no:cacheprovider

test-pg: install system-deps
	.ci/pg.sh start
	UNIONHUB_TESTING=1 DATABASE_URL=$$(PG_PORT=$(PG_PORT) .ci/pg.sh url) CONN_MAX_AGE=0 \
	  $(PYTEST) -q -m "not e2e" -n 2 -p no:cacheprovider; rc=$$?; .ci/pg.sh stop; exit $$rc

test-e2e: install system-deps
	UNIONHUB_TESTING=1 $(PYTEST) -q -m e2e -p no:cacheprovider

test: install system-deps
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-pg
	$(MAKE) test-e2e

# Timings at the large scale (seed_demo --scale large, built once into bench-data/) on SQLite and
# PostgreSQL (a private server on port 54339): pages, year-end export, roster import. See bench/.
bench: install system-deps
	PY=$(PY) bash bench/run.sh

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3

# Load test (bench/load.py): PostgreSQL + gunicorn -w 4 on localhost, 50 users for 60 s.
# PostgreSQL keeps fsync on here (PG_DURABLE=1), as in production. `make bench-load-restart`
# restarts, then crashes PostgreSQL midway (503 page, recovery, no acknowledged write lost).
# Extra options: make bench-load BENCH_ARGS="--users 20 --duration 30"
BENCH_PORT ?= 8765
BENCH_ARGS ?=
BENCH_ENV = DATABASE_URL=$$(PG_PORT=$(PG_PORT) .ci/pg.sh url) DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY=bench-only-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ
.PHONY: bench-load bench-load-restart
bench-load: install system-deps
	PG_PORT=$(PG_PORT) PG_DURABLE=1 .ci/pg.sh start
	@PGB=$${PG_BIN:-/usr/lib/postgresql/15/bin}; $$PGB/createdb -h 127.0.0.1 -p $(PG_PORT) -U postgres unionhub 2>/dev/null || true
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0 && $(BENCH_ENV) $(PY) manage.py seed_demo \
	  && $(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0 \
	  && $(BENCH_ENV) PG_PORT=$(PG_PORT) $(PY) bench/load.py --start-server --url http://127.0.0.1:$(BENCH_PORT) $(BENCH_ARGS); \
	  rc=$$?; PG_PORT=$(PG_PORT) .ci/pg.sh stop; exit $$rc

bench-load-restart:
	$(MAKE) bench-load BENCH_ARGS="--restart-db-at 20 --db-down 5 $(BENCH_ARGS)"
	$(MAKE) bench-load BENCH_ARGS="--restart-db-at 20 --db-down 5 --db-stop-mode immediate $(BENCH_ARGS)"
