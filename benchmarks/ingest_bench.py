"""Whole-ingest benchmark: read, store, index, align, directions and stories on a newsgen corpus.

Usage:
    python -m newstrace.evaluate.newsgen 100000 out/newsgen-100k        # once
    python benchmarks/ingest_bench.py --corpus out/newsgen-100k --articles 20000 --workers 2

Runs the library call ``newstrace ingest`` makes (``Corpus.ingest`` with the pipeline's
progress hook) on the first ``--articles`` lines of the corpus into a fresh store, and reports
the seconds spent in each stage (from the progress hook's first to last call), articles per
second overall, reuse links, and the recall of the generator's ground truth: the share of
truth pairs (a 40+ word shared passage) that got at least one reuse link.

``--score DB`` runs nothing: it scores a store already ingested (for instance by the
``newstrace ingest`` command itself) against the corpus's ground truth:

    python benchmarks/ingest_bench.py --corpus out/newsgen-1m --score out/ing1m/news.db
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from itertools import islice
from pathlib import Path

import newstrace
from newstrace.engines.local import PipelineConfig


class StageClock:
    """Progress hook that records when each stage was first and last reported."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.first.setdefault(stage, now)
        self.last[stage] = now

    def seconds(self) -> dict[str, float]:
        return {s: round(self.last[s] - self.first[s], 2) for s in self.first}


def _prefix(corpus: Path, n: int, work: Path) -> tuple[Path, set[str]]:
    path = work / f"corpus-{n}.jsonl"
    ids: set[str] = set()
    with (corpus / "corpus.jsonl").open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in islice(src, n):
            ids.add(json.loads(line)["id"])
            out.write(line)
    return path, ids


def _truth(corpus: Path, ids: set[str], spun_only: bool = False) -> set[tuple[str, str]]:
    pairs = set()
    for line in (corpus / "truth.jsonl").read_text("utf-8").splitlines():
        t = json.loads(line)
        if t["a"] in ids and t["b"] in ids and (t["spun"] or not spun_only):
            pairs.add((min(t["a"], t["b"]), max(t["a"], t["b"])))
    return pairs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, required=True, help="a newsgen folder (corpus.jsonl, truth.jsonl)")
    p.add_argument("--articles", type=int, default=20_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--work", type=Path, default=Path("out/ingest_bench"))
    p.add_argument("--json", type=Path)
    p.add_argument("--score", type=Path, help="only score this ingested store against the truth")
    args = p.parse_args()
    if args.score is not None:
        score(args.corpus, args.score)
        return
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    path, ids = _prefix(args.corpus, args.articles, args.work)
    clock = StageClock()
    started = time.perf_counter()
    with newstrace.open(args.work / "bench.db", PipelineConfig(workers=args.workers)) as corpus:
        report = corpus.ingest([str(path)], progress=clock)
        total = time.perf_counter() - started
        found = {(min(lk.doc_a, lk.doc_b), max(lk.doc_a, lk.doc_b)) for lk in corpus.links()}
        counts = corpus.store.counts()
    truth = _truth(args.corpus, ids)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "articles": report.ingested,
        "workers": args.workers,
        "seconds": round(total, 1),
        "articles_per_s": round(report.ingested / total, 1),
        "stage_seconds": clock.seconds(),
        "reuse_links": counts["reuse_links"],
        "linked_pairs": len(found),
        "truth_pairs": len(truth),
        "truth_recall": round(len(truth & found) / max(1, len(truth)), 4),
        "peak_rss_mb": {"main": round(own), "largest_worker": round(workers)},
        "store_mb": round(sum(f.stat().st_size for f in args.work.rglob("bench.db*") if f.is_file()) / 2**20),
    }
    text = json.dumps(result, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text)
    print(f"{report.ingested} articles in {total:.0f} s ({result['articles_per_s']}/s)", file=sys.stderr)


def score(corpus: Path, db: Path) -> None:
    """Print the truth recall, links, stories and counts of an ingested store as JSON."""
    with newstrace.open(db) as store:
        ids = {a.id for a in store.store.iter_articles()}
        found = {(min(lk.doc_a, lk.doc_b), max(lk.doc_a, lk.doc_b)) for lk in store.links()}
        stories = store.store.stories()
        counts = store.store.counts()
    truth = _truth(corpus, ids)
    spun = _truth(corpus, ids, spun_only=True)
    print(json.dumps({
        **counts,
        "linked_pairs": len(found),
        "truth_pairs": len(truth),
        "truth_recall": round(len(truth & found) / max(1, len(truth)), 4),
        "spun_recall": round(len(spun & found) / max(1, len(spun)), 4),
        "stories": len(set(stories.values())),
        "documents_with_story": len(stories),
    }, indent=1))


if __name__ == "__main__":
    main()
