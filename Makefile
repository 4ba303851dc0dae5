# The stages a person uses. `make run` and `make test` are the two commands of the README.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     := data/lusong.duckdb

.PHONY: run test lint etl check bench bench-quick clean

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

# Benchmarks print their figures (bench/README.md says how they are taken); they assert nothing.
# Browser benchmarks need Chromium (apt-get install chromium fonts-noto-cjk); the first run also builds the
# 1M-fact synthetic database under bench/out/ (a few minutes, then reused).
bench: $(VENV)/.dev $(DB)
	$(BIN)/python bench/etl_throughput.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/page_speed.py
	$(BIN)/python bench/memory.py

bench-quick: $(VENV)/.dev $(DB)
	$(BIN)/python bench/etl_throughput.py --documents 100
	$(BIN)/python bench/queries.py --runs 20 --budget 2
	$(BIN)/python bench/page_speed.py --rounds 3 --pages overview,trends
	$(BIN)/python bench/memory.py --sessions 3

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
