# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WITH_DB := scripts/with-db
AXE := node_modules/axe-core/axe.min.js
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install db-ready lint format messages check-system browser clean-db backup restore

run: install
	@DEBUG=$${DEBUG:-true} $(WITH_DB) bash -c '\
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py load_reference_data && \
	  $(PY) manage.py seed_demo && \
	  $(PY) manage.py schedule_tasks && \
	  { $(PY) manage.py run_worker --reload >.db-worker.log 2>&1 & } && \
	  trap "kill %1 2>/dev/null" EXIT && \
	  echo "Portal on http://127.0.0.1:8000, task worker log in .db-worker.log (Ctrl-C stops both and the local database; make backup keeps a copy of it)" && \
	  $(PY) manage.py runserver 127.0.0.1:8000'

# The tests use a cluster of their own, .pgdata-test, created throwaway (fsync and the like
# off: fast, and harmless for data made to be thrown away); .pgdata, the one `make run`
# serves, keeps PostgreSQL's durable defaults (see scripts/with-db).
test: install browser
	@LOCAL_CLUSTER=.pgdata-test LOCAL_CLUSTER_THROWAWAY=1 $(WITH_DB) bash -c 'DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Models changed without a migration: run manage.py makemigrations." >&2; exit 1; }; \
	  $(PY) -m pytest -n $${PYTEST_WORKERS:-auto} --dist loadfile $(PYTEST_ARGS)'

install: check-system $(STAMP) locale/fr/LC_MESSAGES/django.mo

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed as '$(PYTHON)' (Debian package: python3)." >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Python's venv module is missing: install the Debian package python3-venv." >&2; exit 1; }
	@command -v msgfmt >/dev/null || scripts/apt-need gettext msgfmt

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

locale/fr/LC_MESSAGES/django.mo: locale/fr/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

# Test-only tools: the system Chromium (driven by Playwright) and axe-core (pinned in
# package-lock.json).
browser:
	@command -v chromium >/dev/null || scripts/apt-need chromium chromium
	@test -f $(AXE) || { command -v npm >/dev/null || scripts/apt-need npm npm; npm ci --no-audit --no-fund --silent; }

# mypy reads the settings (django-stubs) but opens no database connection.
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DATABASE_URL=$${DATABASE_URL:-postgres://localhost/lint} $(PY) -m mypy

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: install
	DEBUG=true $(WITH_DB) $(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules
	msgfmt --statistics -o /dev/null locale/fr/LC_MESSAGES/django.po

# Stops and removes the local clusters (.pgdata and .pgdata-test, with the folders they link
# to): the data is gone for good, keep a `make backup` first.
clean-db:
	@scripts/clean-db

# The database (pg_dump, custom format) and the private files into backups/<UTC time>/, and
# back (BACKUP=backups/<time>, default the latest): the local cluster, or DATABASE_URL.
backup:
	@scripts/backup >/dev/null

restore:
	@scripts/restore $(BACKUP)

# Performance at national scale: gunicorn against generated data in a database of its own
# (see the "Performance" section of README.md; BENCH_PROJECTS, BENCH_URLS, … in scripts/bench).
.PHONY: bench
bench: install
	@scripts/bench
