# The single entry point. `make run` starts the demo; `make test` runs every test.
# Needs only Python 3.12 or newer on PATH (or under pyenv).

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON_FOR_VENV := $(shell for p in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)
PYTEST_ARGS ?=
PORT ?= 8000
RUN_ENV := DEBUG=$${DEBUG:-true} MFA_TOTP_INSECURE_BYPASS_CODE=$${MFA_TOTP_INSECURE_BYPASS_CODE:-000000}

ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: run test ci lint format migrations-check lock bench clean

$(BIN)/python:
	@test -n "$(PYTHON_FOR_VENV)" || { echo "Python 3.12 or newer is needed: install it and try again." >&2; exit 1; }
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	@# Older pips (23.2 here) refuse the lock in hash mode once a newer release of a package
	@# asked for with extras exists (weasyprint's fonttools[woff]); this one does not.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.0.1

$(VENV)/.installed-runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.installed-runtime

## run: set up a local demo (SQLite, tasks in-process) and serve it on http://localhost:$(PORT)
run: $(VENV)/.installed-runtime
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: install what is missing and run the whole suite
test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

## ci: exactly what CI runs (after .ci/run has started the services)
ci: lint migrations-check test

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## migrations-check: fail when a model change has no migration
migrations-check: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=coproduction.settings_test $(BIN)/python manage.py makemigrations --check --dry-run

## bench: measure the time finder, polling, the outbox (and under faults), the trustee report and every role's main page; results in bench/results/latest.json
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/coproduction
bench: export REDIS_URL ?= redis://127.0.0.1:6379/0
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.time_finder
	$(BIN)/python -m bench.poll
	$(BIN)/python -m bench.outbox
	$(BIN)/python -m bench.outbox_faults
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.pages

## lock: re-pin every dependency (with hashes) from pyproject.toml
lock: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.12 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --quiet --extra dev --generate-hashes --universal --python-version 3.12 -o requirements-dev.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
