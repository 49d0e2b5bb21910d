"""Stories on ECB+: Adjusted Rand Index and B-cubed F1 against the gold subtopics.

The 982 ECB+ articles go through the whole pipeline (ingest, index, align, directions,
stories) into a temporary SQLite store; the stories the store computed are scored against
the gold ``subtopic`` of each article. The story settings were chosen on the development
topics (odd topic numbers) only; the test topics (even numbers) are clustered and scored
separately, with the same settings, using the store's reuse links between them.

Usage:
    python benchmarks/stories_bench.py            # score with the default StoryConfig
    python benchmarks/stories_bench.py --grid     # the development-topic grid search
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

import newstrace
from newstrace.engines.local import PipelineConfig
from newstrace.provenance import StoryConfig, adjusted_rand_index, bcubed, cluster_stories
from newstrace.provenance.agglomerate import LinkageConfig
from newstrace.provenance.similarity import article_features
from newstrace.records import Article, ReuseLink

DATA = Path(__file__).resolve().parent.parent / "data" / "ecbplus" / "ecbplus_docs.jsonl"


def _gold() -> tuple[dict[str, str], dict[str, int]]:
    subtopic, topic = {}, {}
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            subtopic[rec["doc_id"]] = rec["subtopic"]
            topic[rec["doc_id"]] = int(rec["topic"])
    return subtopic, topic


def _score(assignment: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    g = {k: gold[k] for k in assignment}
    p, r, f = bcubed(assignment, g)
    return {
        "ari": round(adjusted_rand_index(assignment, g), 4),
        "b3_p": round(p, 4),
        "b3_r": round(r, 4),
        "b3_f1": round(f, 4),
        "stories": len(set(assignment.values())),
        "gold": len(set(g.values())),
        "docs": len(assignment),
    }


def _split(
    articles: list[Article],
    links: list[ReuseLink],
    topic: dict[str, int],
    parity: int,
    config: StoryConfig,
    features: dict[str, object],
) -> dict[str, str]:
    ids = {a.id for a in articles if topic[a.id] % 2 == parity}
    sub_links = [lk for lk in links if lk.doc_a in ids and lk.doc_b in ids]
    return cluster_stories([a for a in articles if a.id in ids], sub_links, config, features)  # type: ignore[arg-type]


def _grid(
    articles: list[Article], links: list[ReuseLink], gold: dict[str, str], topic: dict[str, int]
) -> None:
    features = {a.id: article_features(a.text) for a in articles}
    best = None
    for thr, coh, mc, nw in itertools.product([0.2, 0.25, 0.3], [0.4, 0.5, 0.6], [3, 5], [0.3, 0.5]):
        cfg = StoryConfig(
            linkage=LinkageConfig(threshold=thr, cohesion=coh, min_cohesive=mc, window=30.0), names_weight=nw
        )
        dev = _score(_split(articles, links, topic, 1, cfg, features), gold)  # type: ignore[arg-type]
        print(f"threshold {thr} cohesion {coh} min_cohesive {mc} names_weight {nw}: dev {dev}", flush=True)
        if best is None or dev["ari"] > best[0]:
            best = (dev["ari"], (thr, coh, mc, nw))
    print(f"best on dev: {best}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", action="store_true", help="run the development-topic grid search")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    gold, topic = _gold()
    with tempfile.TemporaryDirectory() as tmp:
        config = PipelineConfig(workers=args.workers)
        with newstrace.open(Path(tmp) / "ecb.db", config) as corpus:
            started = time.perf_counter()
            report = corpus.ingest([str(DATA)])
            pipeline = time.perf_counter() - started
            started = time.perf_counter()
            corpus.store.set_state("stories", "")  # force a fresh computation to time it alone
            full = corpus.story_assignment()
            clustering = time.perf_counter() - started
            articles = list(corpus.store.iter_articles())
            links = list(corpus.links())
    print(
        f"ingested {report.ingested} documents, {len(links)} reuse passages; "
        f"pipeline {pipeline:.1f} s (ingest+index+align+directions+stories), stories alone {clustering:.1f} s"
    )
    if args.grid:
        _grid(articles, links, gold, topic)
        return 0
    features = {a.id: article_features(a.text) for a in articles}
    cfg = StoryConfig()
    rows = {
        "all topics (store)": _score(full, gold),
        "dev topics (odd)": _score(_split(articles, links, topic, 1, cfg, features), gold),  # type: ignore[arg-type]
        "test topics (even)": _score(_split(articles, links, topic, 0, cfg, features), gold),  # type: ignore[arg-type]
        "test topics, no reuse links": _score(_split(articles, [], topic, 0, cfg, features), gold),  # type: ignore[arg-type]
    }
    for name, row in rows.items():
        print(f"{name:<30} {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
