"""``python -m newstrace.evaluate.newsgen N OUT_DIR [--seed S]``: write corpus.jsonl and truth.jsonl."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newstrace.evaluate.newsgen.generate import NewsGenConfig, write_corpus


def main(argv: list[str] | None = None) -> int:
    """Write ``OUT_DIR/corpus.jsonl`` and ``OUT_DIR/truth.jsonl``; print the counts as JSON."""
    parser = argparse.ArgumentParser(prog="python -m newstrace.evaluate.newsgen", description=__doc__)
    parser.add_argument("articles", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--spin",
        type=float,
        default=0.2,
        help="requested share of a spun passage's words replaced (0.25 achieves about 0.20)",
    )
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    config = NewsGenConfig(articles=args.articles, seed=args.seed, spin=args.spin)
    with (
        open(args.out_dir / "corpus.jsonl", "w", encoding="utf-8") as corpus,
        open(args.out_dir / "truth.jsonl", "w", encoding="utf-8") as truth,
    ):
        counts = write_corpus(config, corpus, truth)
    json.dump({**counts, "seconds": round(time.perf_counter() - started, 1)}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
