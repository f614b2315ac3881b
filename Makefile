# Prop 64 Petition Assistant — `make help` lists the targets.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv, install the project (leaves .venv/bin/prop64), compile translations
	@if [ -f package.json ]; then npm install --silent --no-audit --no-fund; fi
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(VENV)/bin/pybabel -q compile -d translations; fi

run: setup ## Serve the site on http://127.0.0.1:5000
	FLASK_DEBUG=$${FLASK_DEBUG:-1} $(VENV)/bin/flask --app webapp run --host 127.0.0.1 --port 5000

lint: setup ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: setup ## mypy (strict on rules/, forms/ and webapp/)
	$(VENV)/bin/mypy rules forms webapp

unit: setup ## pytest without the browser tests
	$(VENV)/bin/pytest -q -m "not browser"

test: setup lint types ## The whole suite: lint, types, unit and browser tests
	$(VENV)/bin/pytest -q

bench: setup ## Benchmarks (figures for the README)
	$(PY) bench/run.py

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules

.PHONY: help setup run lint types unit test bench clean
