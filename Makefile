# Khooshe — `make help` lists the targets. Everything a fresh machine needs is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := khooshe/static/vendor
export KHOOSHE_DEMO ?= 1

.PHONY: help run setup venv assets migrate demo test test-postgres test-browser lint format bench messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: setup migrate demo ## set everything up and serve the app on HOST:PORT (default 127.0.0.1:8000)
	@echo "Khooshe: http://$(HOST):$(PORT)/   demo logins (password khooshe-demo):"
	@echo "  admin guild.mazandaran gov.mazandaran guild.eastazarbaijan gov.eastazarbaijan national agency.demo fund.demo actor.demo"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

setup: $(BIN)/.installed $(VENDOR)/.installed ## create .venv, install Python and npm packages, copy front-end assets

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/.installed: node_modules/.package-lock.json scripts/vendor_assets.sh
	bash scripts/vendor_assets.sh
	touch $@

assets: $(VENDOR)/.installed ## copy front-end packages into static files

migrate: setup ## apply database migrations
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py createcachetable

demo: migrate ## load the demo data (idempotent) when KHOOSHE_DEMO is on
	@if [ "$(KHOOSHE_DEMO)" = "1" ] || [ "$(KHOOSHE_DEMO)" = "true" ]; then $(BIN)/python manage.py load_demo; fi

test: setup ## run the whole test suite (unit, API, browser) on DATABASE_URL (default SQLite)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0 || true
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -n 2 --dist loadfile

lint: setup ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup ## benchmarks at realistic sizes on SQLite and PostgreSQL (prints median and p95)
	$(BIN)/python benchmarks/run.py

messages: setup ## rebuild translation catalogues (needs GNU gettext)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

clean: ## remove the virtualenv, node_modules, vendored assets and var/
	rm -rf $(VENV) node_modules $(VENDOR) var
