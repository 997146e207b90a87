# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Tests use their own Redis databases, so a running `make run` keeps its queues to itself.
TEST_ENV := REDIS_DB_CACHE=10 REDIS_DB_BROKER=11 REDIS_DB_RESULTS=12 REDIS_DB_CHANNELS=13 \
	CACHE_KEY_PREFIX=test
PYTEST_ARGS ?= -n 2

.PHONY: run test setup install messages migrate demo stop lint lock clean-var

run: setup demo
	$(PY) -m judicial_account.serve

test: setup
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	$(PY) -m judicial_account.embedded stop >/dev/null 2>&1; exit $$status

setup: install messages migrate

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(STAMP)

messages: install
	$(PY) manage.py messages_compile

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

demo: migrate
	$(PY) manage.py demo_data --quiet
	$(PY) manage.py pki_demo

stop:
	$(PY) -m judicial_account.embedded stop

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
