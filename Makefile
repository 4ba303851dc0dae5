# The stages a person uses. `make run` and `make test` are the two commands of the README.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     := data/lusong.duckdb

.PHONY: run test lint etl check bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(DB): | $(VENV)/.runtime
	$(BIN)/python -m etl build

run: $(VENV)/.runtime $(DB)
	$(BIN)/streamlit run app.py

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

etl: $(VENV)/.runtime
	$(BIN)/python -m etl build

check: $(VENV)/.runtime
	$(BIN)/python -m etl check

bench: $(VENV)/.dev
	$(BIN)/python bench/etl_throughput.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
