"""Scale test of the candidate index alone: build and query at up to 1M articles.

Usage:
    python benchmarks/index_scale.py --articles 1000000 --work out/index_scale --json out/index_scale.json

Writing and normalising a 1M-article text corpus takes hours on two shared cores, so this
test skips the text: it samples canonical token streams straight from the newsgen bigram
model of ECB+ (word ids, hashed as ``newstrace.normalize`` hashes canonical forms; function
words marked as the normaliser marks them), ``words`` tokens per article. A ``copy_share`` of
the articles carry a 40-80 token passage of a recent article with ``spin`` of its tokens
replaced by other words (spinning at the token level). Everything after the tokens is the
real path: ``fingerprints``, ``SegmentIndex.add``/``flush`` with its merges, files on disk,
and one-article queries against the reopened index. Reported: build time, index size,
peak memory, query p50/p99 and recall of the copied passages at each checkpoint.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import xxhash

from newstrace.evaluate.newsgen import NewsGenConfig, NewsGenerator
from newstrace.index import IndexConfig, SegmentIndex, effective_max_df, fingerprints, needed_shared
from newstrace.normalize import STOPWORDS, TokenSeq

_EMPTY = np.zeros(0, dtype=np.int64)


def token_tables(words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Canonical id and content flag of every vocabulary word."""
    ids = np.asarray([xxhash.xxh3_64_intdigest(w.casefold().encode()) for w in words], dtype=np.uint64)
    content = np.asarray([w.casefold().strip(".,;:!?\"'()") not in STOPWORDS for w in words], dtype=np.bool_)
    return ids, content


def main() -> None:
    """Build the index in batches; at each checkpoint, measure it."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=1_000_000)
    p.add_argument("--checkpoints", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    p.add_argument("--words", type=int, default=600)
    p.add_argument("--copy-share", type=float, default=0.15)
    p.add_argument("--spin", type=float, default=0.2)
    p.add_argument("--probes", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=Path("out/index_scale"))
    p.add_argument("--json", type=Path)
    p.add_argument(
        "--max-df", type=int, nargs="+", default=None,
        help="document-frequency caps to measure recall and candidates at (default: the config's)",
    )
    p.add_argument(
        "--reuse-index", action="store_true",
        help="query the index an earlier run with the same seed left in --work (no build)",
    )
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    model = NewsGenerator(NewsGenConfig(seed=args.seed)).model
    canon, content = token_tables(model.words)
    config = IndexConfig()
    index = SegmentIndex(args.work / "scale.index")
    if not args.reuse_index:
        index.clear()
    recent: list[np.ndarray] = []  # type: ignore[type-arg]
    copies: list[tuple[int, int]] = []
    probes: dict[int, np.ndarray] = {}  # type: ignore[type-arg]
    results = []
    t_build = 0.0
    batch = 2000
    for first in range(0, args.articles, batch):
        tokens = model.sample(rng, batch, args.words, 0.08)
        t0 = time.perf_counter()
        for k in range(batch):
            doc = first + k
            row = tokens[k]
            if recent and rng.random() < args.copy_share:
                src_doc, src = recent[int(rng.integers(len(recent)))]
                n = int(rng.integers(40, 81))
                start = int(rng.integers(0, src.shape[0] - n))
                passage = src[start : start + n].copy()
                spun = rng.random(n) < args.spin
                passage[spun] = rng.integers(0, model.chain_size, int(spun.sum()))
                at = int(rng.integers(0, row.shape[0] - n))
                row = row.copy()
                row[at : at + n] = passage
                copies.append((src_doc, doc))
            if not args.reuse_index:
                index.add(doc, fingerprints(TokenSeq("", _EMPTY, _EMPTY, canon[row], content[row]), config))
            if rng.random() < 0.01:
                recent.append((doc, row))
                recent = recent[-2000:]
            if copies and copies[-1][1] == doc and len(probes) < 50_000:
                probes[doc] = row
        t_build += time.perf_counter() - t0
        done = first + batch
        if (done in args.checkpoints or done >= args.articles) and not (
            args.reuse_index and done < args.articles
        ):
            t0 = time.perf_counter()
            if not args.reuse_index:
                index.flush()
            t_build += time.perf_counter() - t0
            results.append(measure(args, index, canon, content, config, copies, probes, done, t_build))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    text = json.dumps(results, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text)


def measure(args, index, canon, content, config, copies, probes, done, t_build):  # type: ignore[no-untyped-def]
    """Query latency, recall and candidates per probe on a reopened index, plus size and memory.

    Latency is measured at the cap :func:`effective_max_df` picks for this corpus size;
    recall and candidates per probe at every cap of ``--max-df`` too. Past ``max_df`` the
    query applies the index's anchor rule (a candidate shares a key of at most ``max_df``
    documents), as ``newstrace ingest`` and ``trace`` do.
    """
    reopened = SegmentIndex(index.directory)
    sample = [c for c in copies if c[1] in probes][-args.probes :]
    caps = sorted({*(args.max_df or [config.max_df]), effective_max_df(config, done)})
    latencies: list[float] = []
    hits = dict.fromkeys(caps, 0)
    cands = dict.fromkeys(caps, 0)
    live = effective_max_df(config, done)
    for src, doc in sample:
        row = probes[doc]
        for cap in caps:
            t0 = time.perf_counter()
            keys = fingerprints(TokenSeq("", _EMPTY, _EMPTY, canon[row], content[row]), config)
            docs, counts = reopened.query(keys, cap, exclude=doc, anchor_df=config.max_df)
            chosen = docs[counts >= needed_shared(config, keys.shape[0])]
            if cap == live:
                latencies.append(time.perf_counter() - t0)
            hits[cap] += int(src in chosen.tolist())
            cands[cap] += int(chosen.shape[0])
    lat = np.asarray(latencies) * 1000
    stats = reopened.stats()
    n = max(1, len(sample))
    return {
        "articles": done,
        "build_s": t_build,
        "disk_mb": stats["bytes"] / 2**20,
        "segments": stats["segments"],
        "postings": stats["postings"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "max_df": live,
        "query_p50_ms": float(np.percentile(lat, 50)),
        "query_p99_ms": float(np.percentile(lat, 99)),
        "recall_spun_copies": hits[live] / n,
        "by_max_df": {str(c): {"recall": hits[c] / n, "candidates": cands[c] / n} for c in caps},
        "probes": len(sample),
    }


if __name__ == "__main__":
    main()
