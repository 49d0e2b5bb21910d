# newstrace: `make demo` and `make test` work on a fresh machine (Python 3.11, pip, Debian tools).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= out/demo/newstrace.db
APT_PACKAGES := wordnet-base

.PHONY: demo test install dev system-deps lint typecheck clean bench-pan bench-index

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Core install: what `make demo` needs.
$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# Dev install: the core plus test and lint tools.
$(VENV)/.dev: pyproject.toml $(VENV)/.core
	$(BIN)/pip install --quiet -e . --group dev
	touch $@

install: $(VENV)/.core
dev: $(VENV)/.dev system-deps

# Debian packages the tests use, installed only when missing (needs root, as on CI).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) || \
	  echo "warning: could not install$$missing (tests that need them will say so)"; \
	fi

demo: $(VENV)/.core
	@mkdir -p out/demo
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/newstrace ingest 'data/seeds/*.txt' data/ecbplus/ecbplus_docs.jsonl --db $(DB)
	$(BIN)/newstrace trace 000_fc4f809c70dd1bba.txt --db $(DB) | tee out/demo/trace-000.txt
	$(BIN)/newstrace trace 000_fc4f809c70dd1bba.txt --db $(DB) --format json > out/demo/trace-000.json
	$(BIN)/newstrace export reuse --db $(DB) --format jsonl > out/demo/reuse.jsonl
	@echo
	@echo "Report: out/demo/trace-000.txt (and trace-000.json); all reuse links: out/demo/reuse.jsonl; store: $(DB)"

test: dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks

typecheck: $(VENV)/.dev
	$(BIN)/mypy

bench-pan: $(VENV)/.dev system-deps
	$(BIN)/python benchmarks/pan_bench.py

# Candidate index against datasketch MinHash-LSH (see BENCHMARKS.md); about an hour on 2 cores.
bench-index: $(VENV)/.dev system-deps
	@test -f out/newsgen-100k/truth.jsonl || $(BIN)/python -m newstrace.evaluate.newsgen 100000 out/newsgen-100k
	$(BIN)/python benchmarks/index_bench.py --corpus out/newsgen-100k --sizes 3000 10000 30000 100000 \
	  --datasketch-max 10000 --json out/index_bench.json
	$(BIN)/python benchmarks/index_scale.py --articles 1000000 --json out/index_scale.json

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
