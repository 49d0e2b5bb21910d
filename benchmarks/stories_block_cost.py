"""Cost of clustering one story block: ``cluster_stories`` time and peak RSS on n articles.

The articles are those of ``spark_bench.make_corpus`` (ECB+ rewritten, about n / 982 edited
copies of each text, dates in 30 days), clustered as one block without reuse links: what one
Spark task of the stories stage does with a block of n documents (``BlockConfig.max_block``).
Run one size per process, so the peak RSS is that size's.

Example:
    PYTHONPATH=src .venv/bin/python benchmarks/stories_block_cost.py 10000
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spark_bench import make_corpus

from newstrace.provenance import cluster_stories
from newstrace.records import Article


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        make_corpus(path, n, 1)
        with path.open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh]
    articles = [Article(id=r["id"], text=r["text"], published=r["date"]) for r in records]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    stories = len(set(cluster_stories(articles, []).values()))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} documents: {seconds:.1f} s, {stories} stories, peak RSS {peak:.0f} MB", end="")
    print(f" (before {before:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
