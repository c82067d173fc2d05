VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench model clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/lurewatch analyze examples/walkthrough.txt --audience parent

test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest

# Rebuild the semantic layer's shipped files (example vectors, thresholds) from the verified MiniLM
# weights, the catalogue and ../shared/data. Deterministic; needed after editing catalogue examples.
model: $(STAMP)
	$(PY) -m lurewatch.semantic.build

bench: $(STAMP)
	$(PY) bench/bench_analyze.py

clean:
	rm -rf $(VENV) build src/*.egg-info
