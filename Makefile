# `make run` and `make test` set everything up on a fresh machine with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in emails sent by the worker lead to the server `make run` starts, unless
# DJANGO_SITE_URL says otherwise.
export DJANGO_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint complexity format install install-dev screenshots messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: migrate, load country income data and demo data, then serve on http://127.0.0.1:$(PORT) with a Celery worker and beat
run: install
	bin/fairbid migrate
	$(BIN)/python manage.py load_country_incomes certification/data/country_income_groups_fy2025.csv certification/data/country_income_groups.csv
	$(BIN)/python manage.py seed_demo
	$(BIN)/honcho -f Procfile.dev start --port $(PORT)

## test: lint, check formatting, complexity and the apps' dependency order, validate the API schema, run the test suite
test: install-dev complexity
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_ENV=test $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/pytest

## screenshots: refresh docs/screenshots/ from the browser journeys (needs /usr/bin/chromium)
screenshots: install-dev
	FAIRBID_SCREENSHOTS=1 $(BIN)/pytest tests/browser

## bench: seed a marketplace (BENCH_SCALE=1 full size, 0.1 a tenth) and measure it; bench/README.md
bench: install-dev
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench web
	$(BIN)/python -m bench recompute
	$(BIN)/python -m bench report

lint: install-dev complexity
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# radon grades each function's cyclomatic complexity from A to F. In the product code (every
# app; migrations and tests aside) none may be worse than C: `--min D` lists those that are,
# and any line it prints fails the target (as does radon failing to run).
RADON_PATHS := --exclude "*/migrations/*" --ignore ".venv,tests,var,node_modules,staticfiles" .

## complexity: fail when radon grades a function of the product code worse than C
complexity: install-dev
	@echo 'radon cc --min D $(RADON_PATHS)'
	@worse="$$($(BIN)/radon cc --min D --show-complexity $(RADON_PATHS))" || exit 1; \
	if [ -n "$$worse" ]; then echo "radon grades these worse than C (split them) or cannot read them:"; \
	echo "$$worse"; exit 1; fi

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: locale/<code>/LC_MESSAGES/django.po per language, edited by hand; the compiled
# django.mo beside it is committed, so running and testing need no gettext tools
# (tests/i18n checks every .po is complete and its .mo up to date).
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=var --ignore=staticfiles --ignore=docs --ignore=static

## messages: collect every translatable string into each language's .po, then compile the .mo files (needs GNU gettext)
messages: install
	$(BIN)/python manage.py makemessages --all --no-location --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages $(MESSAGES_IGNORE)
