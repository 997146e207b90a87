# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Tests use their own Redis databases, so a running `make run` keeps its queues to itself.
TEST_ENV := REDIS_DB_CACHE=10 REDIS_DB_BROKER=11 REDIS_DB_RESULTS=12 REDIS_DB_CHANNELS=13 \
	CACHE_KEY_PREFIX=test
PYTEST_ARGS ?= -n 2

.PHONY: run test setup install assets messages migrate demo stop lint lock

run: setup demo
	$(PY) -m judicial_account.serve

test: setup
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	$(PY) -m judicial_account.embedded stop >/dev/null 2>&1; exit $$status

setup: install messages assets migrate

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(STAMP)

# Browser code (EDS signing with PKI.js) is bundled from the npm registry into
# static/build/ at build time: no CDN, and nothing third-party committed.
NODE_STAMP := node_modules/.installed-stamp
ASSETS := static/build/eds.js

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed to build the browser signing \
		code: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): $(NODE_STAMP) $(wildcard assets/eds/*.js)
	npm run --silent build

assets: $(ASSETS)

messages: install
	$(PY) manage.py messages_compile

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

# The real court acts are imported when the shared datasets sit beside the repository
# (never copied into it); without them the register has the synthetic corpus only.
ACTS_DATASET := ../shared/datasets/ru-court-acts-judgement

demo: migrate
	$(PY) manage.py demo_data --quiet
	$(PY) manage.py pki_demo
	$(PY) manage.py acts_demo
	$(PY) manage.py analytics_train --if-missing
	@if [ -d "$(ACTS_DATASET)" ]; then for file in $(ACTS_DATASET)/*.jsonl; do \
		$(PY) manage.py import_acts "$$file" --skip-existing || exit 1; done; fi

stop:
	$(PY) -m judicial_account.embedded stop

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
