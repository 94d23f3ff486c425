# The two promises: `make run` serves the app, `make test` runs every test on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/ipcenter_test
# pytest exits 5 when it collects nothing; that must fail the run, and it does by default.
PYTEST := $(BIN)/python -m pytest

.PHONY: install run test test-sqlite test-postgres lint browser bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# opencc (the C++ library) replaced opencc-python-reimplemented: both install the module opencc.
	$(BIN)/python -m pip uninstall --quiet --yes opencc-python-reimplemented 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ipcenter db upgrade
	$(BIN)/ipcenter demo load --if-empty
	$(BIN)/ipcenter serve --host 127.0.0.1 --port 8000

test: $(STAMP) browser lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(PYTEST) -p no:cacheprovider

test-postgres: $(STAMP)
	IPCENTER_TEST_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -p no:cacheprovider -m "db or e2e"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  echo "Installing chromium and fonts-noto-cjk with apt-get"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-cjk; \
	fi

bench: $(STAMP)
	@for script in benchmarks/*.py; do [ -e "$$script" ] && $(BIN)/python "$$script"; done; true

# Re-extract translatable strings after changing templates or messages.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o src/ipcenter/locale/messages.pot src/ipcenter
	$(BIN)/pybabel update -i src/ipcenter/locale/messages.pot -d src/ipcenter/locale -l zh_CN

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
