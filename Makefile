# The documented entry points: run, test, e2e, bench, lint, serve.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test e2e bench lint format serve migrations-check venv messages gettext

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

# The development server and a job worker (exchange.jobs), stopped together.
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_roles
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py jobs_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# GNU gettext: makemessages and msgfmt (the translation checks of `make test` run them).
gettext:
	@command -v msgfmt >/dev/null && command -v xgettext >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)

test: $(STAMP) gettext
	$(PY) -m pytest -q -m "not e2e"

# Extract the strings into locale/*/django.po, then compile the .mo (docs/i18n.md).
messages: $(STAMP) gettext
	$(PY) manage.py makemessages -l zh_Hans
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

e2e: $(STAMP)
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)
	$(PY) -m pytest -q -m e2e tests/e2e

# In a PostgreSQL database of its own (created if missing, emptied): BENCH_ARGS="--scale 0.1"
# for a quick run. The figures go into docs/benchmarks.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/exchange_bench
bench: $(STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench $(BENCH_ARGS)

# ruff, the layers and cycles of .importlinter (docs/architecture.md), the migrations.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# Production (README "Production"): SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL from the
# environment; behind a proxy that ends TLS. The job worker runs beside gunicorn (in
# production, one or more under a supervisor: docs/deployment.md, "Jobs").
BIND ?= 127.0.0.1:8000
WORKERS ?= 3
serve: $(STAMP)
	DEBUG=0 $(PY) manage.py migrate --no-input
	DEBUG=0 $(PY) manage.py setup_roles
	DEBUG=0 $(PY) manage.py collectstatic --no-input
	# The worker runs the jobs; the scheduler enqueues the scheduled ones (docs/deployment.md);
	# both beside the web server, and stopped with it.
	DEBUG=0 $(PY) manage.py jobs_worker & worker=$$!; \
	DEBUG=0 $(PY) manage.py scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler' EXIT INT TERM; \
	DEBUG=0 $(VENV)/bin/gunicorn exchange.config.wsgi --bind $(BIND) --workers $(WORKERS) --access-logfile -
