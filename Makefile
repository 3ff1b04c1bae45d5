# Kooperacja – two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := kooperacja.settings
PYTEST_WORKERS ?= auto

.PHONY: install demo demo-reset test test-fast lint typecheck check-migrations check-deploy messages clean benchmarks

# A Python without ensurepip (Debian without python3-venv) still works: the venv is made without pip and
# uv (from PyPI) installs everything into it.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || (rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV))

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	@if [ -x $(BIN)/pip ]; then $(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"; \
	else $(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(VENV)/uv-bootstrap "uv==0.13.8" \
	  && ln -sf ../uv-bootstrap/bin/uv $(UV); fi
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The demo keeps Python's bytecode cache (PYTHONDONTWRITEBYTECODE= unsets it if the shell sets it): without it every
# start compiles ~2,000 modules again, most of the second start's time (benchmarks/demo_start.py).
demo: install
	PYTHONDONTWRITEBYTECODE= KOOPERACJA_ENV=demo $(BIN)/kooperacja demo

demo-reset: install
	rm -f data/kooperacja.sqlite3 data/kooperacja.sqlite3-wal data/kooperacja.sqlite3-shm
	PYTHONDONTWRITEBYTECODE= KOOPERACJA_ENV=demo $(BIN)/kooperacja demo

PYTEST_ARGS ?=
# One xdist run: the browser journeys are one group (one server, one Chromium) that starts first on one worker
# while the other workers take the rest (tests/conftest.py, tests/browser/conftest.py). SKIP_BROWSER=1 leaves
# them out.
test: install
	KOOPERACJA_ENV=test $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -q $(if $(SKIP_BROWSER),-m "not browser",) $(PYTEST_ARGS)

test-fast: install
	KOOPERACJA_ENV=test $(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	KOOPERACJA_ENV=test $(BIN)/mypy

check-migrations: install
	KOOPERACJA_ENV=test $(BIN)/kooperacja makemigrations --check --dry-run

check-deploy: install
	KOOPERACJA_ENV=production SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-deploy-check-only \
	DATABASE_URL=$${DATABASE_URL:-postgres://kooperacja@127.0.0.1:5432/kooperacja} \
	ALLOWED_HOSTS=kooperacja.example.org $(BIN)/kooperacja check --deploy --fail-level WARNING

messages: install
	cd src/kooperacja && ../../$(BIN)/kooperacja makemessages -l en --no-obsolete && ../../$(BIN)/kooperacja compilemessages

benchmarks: install
	KOOPERACJA_ENV=test $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) data/static .pytest_cache .mypy_cache .ruff_cache
