"""One-article query latency against an ingested store: what ``newstrace trace FILE`` waits for.

Times ``Corpus.trace(article)`` for articles that are not in the store (normalise,
fingerprints, candidate query on the store's index, candidate texts, alignment), two kinds:

* ``copies``: texts of stored articles under a new id (each finds at least its stored twin);
* ``fresh``: articles of a newsgen corpus written with another seed (mostly no reuse).

Example:
    python -m newstrace.evaluate.newsgen 1000 out/newsgen-fresh --seed 99
    python benchmarks/store_query.py out/ing1m/news.db --fresh out/newsgen-fresh/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

import newstrace
from newstrace.records import Article


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = np.asarray(seconds) * 1000
    p50, p99 = np.percentile(ms, [50, 99])
    return {"p50_ms": round(float(p50), 1), "p99_ms": round(float(p99), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--fresh", type=Path, help="JSONL of articles not in the store")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    out: dict[str, object] = {}
    with newstrace.open(args.db) as corpus:
        total = corpus.store.counts()["documents"]
        keys = random.Random(7).sample(range(1, total + 1), min(args.queries, total))
        stored = list(corpus.store.articles_by_key(keys).values())
        kinds = {"copies": [Article(f"query-{a.id}", a.text, published=a.published) for a in stored]}
        if args.fresh:
            with args.fresh.open(encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh][: args.queries]
            kinds["fresh"] = [Article(f"fresh-{r['id']}", r["text"], published=r.get("date")) for r in rows]
        corpus.trace(kinds["copies"][0])  # warm the index pages a first query maps in
        for kind, articles in kinds.items():
            seconds, passages = [], 0
            for article in articles:
                started = time.perf_counter()
                passages += len(corpus.trace(article).passages)
                seconds.append(time.perf_counter() - started)
            per_query = round(passages / len(articles), 2)
            out[kind] = {"queries": len(articles), **_percentiles(seconds), "passages_per_query": per_query}
        out["documents"] = total
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
