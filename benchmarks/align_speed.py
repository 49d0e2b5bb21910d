"""Alignment throughput on pairs of ~5 KB news documents, one core, newstrace vs difflib.

Each pair is built from real ECB+ articles (``data/ecbplus/``): the source is a run of
articles joined to about ``--size`` bytes, the copy another run of articles from other
topics with one 60-120 word passage of the source inserted, synonym-spun at 25% (WordNet).
No article is used twice, so the only reuse in a pair is the inserted passage. Both systems
run in this process on the same pairs; the figure to read is pairs per CPU second (one
core), measured with the process's CPU time so that other jobs on the machine do not count.

Example:
    .venv/bin/python benchmarks/align_speed.py --pairs 150 --size 5000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newstrace.align import align_texts
from newstrace.evaluate.baseline import align_difflib
from newstrace.evaluate.synth.generate import DEFAULT_CORPUS
from newstrace.evaluate.synth.spin import spin_synonyms
from newstrace.evaluate.synth.wordnet import WordNet
from newstrace.records import Passage


def _articles(corpus: Path) -> list[tuple[int, str]]:
    with corpus.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [(int(r["topic"]), r["text"]) for r in rows]


def _take(pool: list[tuple[int, str]], size: int, avoid: set[int]) -> tuple[str, set[int]]:
    """Pop articles from ``pool`` (skipping topics in ``avoid``) until ``size`` bytes."""
    parts: list[str] = []
    topics: set[int] = set()
    for k in range(len(pool) - 1, -1, -1):
        topic = pool[k][0]
        if topic in avoid:
            continue
        parts.append(pool.pop(k)[1])
        topics.add(topic)
        if len("\n".join(parts).encode("utf-8")) >= size:
            break
    return "\n".join(parts), topics


def make_pairs(corpus: Path, count: int, size: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (source, copy) pairs of about ``size`` bytes each (fewer if articles run out)."""
    rng = random.Random(seed)
    pool = _articles(corpus)
    rng.shuffle(pool)
    wordnet = WordNet()
    pairs = []
    while len(pairs) < count and pool:
        source, topics = _take(pool, size, set())
        host, _ = _take(pool, size, topics)
        words = source.split()
        if len(words) < 150 or not host:
            break
        length = rng.randint(60, 120)
        start = rng.randrange(0, len(words) - length)
        passage = spin_synonyms(" ".join(words[start : start + length]), 0.25, wordnet, rng).text
        cut = host.find(". ", len(host) // 2) + 2 or len(host) // 2
        pairs.append((source, f"{host[:cut]}{passage} {host[cut:]}"))
    return pairs


def _rate(align: Callable[[str, str], list[Passage]], pairs: Sequence[tuple[str, str]]) -> tuple[float, int]:
    align(*pairs[0])  # warm caches and imports
    found = 0
    started = time.process_time()  # CPU time: other jobs on the machine do not count
    for source, copy in pairs:
        found += len(align(source, copy))
    return len(pairs) / (time.process_time() - started), found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=150, help="default: %(default)s")
    parser.add_argument("--size", type=int, default=5000, help="bytes per document (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="default: %(default)s")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    pairs = make_pairs(args.corpus, args.pairs, args.size, args.seed)
    mean = sum(len(s.encode()) + len(c.encode()) for s, c in pairs) / (2 * len(pairs))
    print(f"{len(pairs)} pairs, mean document size {mean:,.0f} B, seed {args.seed}\n")
    print("| system | pairs/s/core | passages found |")
    print("|---|---:|---:|")
    rates = {}
    for name, align in (("newstrace", align_texts), ("difflib baseline", align_difflib)):
        rate, found = _rate(align, pairs)
        rates[name] = rate
        print(f"| {name} | {rate:.1f} | {found} |")
    print(f"\nnewstrace / difflib: {rates['newstrace'] / rates['difflib baseline']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
