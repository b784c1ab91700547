# Two commands set everything up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install install-dev run worker test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.install-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.install-dev-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.install-stamp

$(VENV)/.install-bench-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev,bench]"
	touch $@ $(VENV)/.install-dev-stamp $(VENV)/.install-stamp

install: $(VENV)/.install-stamp
install-dev: $(VENV)/.install-dev-stamp

# Install, migrate, load the seeds and serve; with CELERY_BROKER_URL set, a Celery
# worker and beat run beside the web server and stop with it.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loadseeds
	@echo
	@echo "Admin:  http://$(HOST):$(PORT)/admin/   (users reporter, reviewer, editor)"
	@echo "API:    http://$(HOST):$(PORT)/api/docs/"
	@echo
	@set -e; pids=""; \
	if [ -n "$$CELERY_BROKER_URL" ]; then \
	  $(BIN)/celery -A newsroom worker -l info -Q celery,extraction,notifications,webhooks & pids="$$pids $$!"; \
	  $(BIN)/celery -A newsroom beat -l info --schedule $(VENV)/celerybeat-schedule & pids="$$pids $$!"; \
	  trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	else echo "No CELERY_BROKER_URL: background jobs run in-process."; fi; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A newsroom worker -l info -Q celery,extraction,notifications,webhooks

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark, one after another; rewrites docs/benchmarks.md.
bench: $(VENV)/.install-bench-stamp
	$(BIN)/python -m newsroom.benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
