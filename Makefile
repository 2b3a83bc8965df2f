# Wijzer: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PORT ?= 8000

.PHONY: install run dev test lint bench browser clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Wijzer installeren in $(VENV) (eenmalig, enkele minuten) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: install ## Migrate, load the SLO curriculum and demo data, serve on http://127.0.0.1:8000
	$(BIN)/wijzer serve --port $(PORT)

dev: install
	$(BIN)/wijzer serve --dev --port $(PORT)

browser: ## Debian's Chromium for the browser tests (playwright cannot download a browser here)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Installeer Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

test: install browser
	$(BIN)/pytest --durations=30

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy wijzer benchmarks
	$(BIN)/lint-imports
	$(BIN)/wijzer makemigrations --check --dry-run

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
