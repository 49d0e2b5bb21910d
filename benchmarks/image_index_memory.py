"""Memory and speed of the PDQ index in a fresh process: open a store, run random look-ups.

Run after ``image_bench.py --million`` (which leaves its store in /tmp/image_bench.db):

    python benchmarks/image_index_memory.py [--db /tmp/image_bench.db] [--queries 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newstrace.store import SQLiteStore
from newstrace.store.images import ImageIndex


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/image_bench.db")
    ap.add_argument("--queries", type=int, default=1000)
    args = ap.parse_args()
    before = _rss_mb()
    t0 = time.perf_counter()
    index = ImageIndex(SQLiteStore(args.db))
    index.pdq.refresh()
    opened = time.perf_counter() - t0
    after_open = _rss_mb()
    rng = np.random.default_rng(3)
    times = []
    for _ in range(args.queries):
        query = rng.integers(0, 2**64 - 1, (8, 4), dtype=np.uint64, endpoint=True)
        t = time.perf_counter()
        index.pdq_matches(query, 31, 50)
        times.append(time.perf_counter() - t)
    result = {
        "rss_start_mb": round(before),
        "rss_after_open_mb": round(after_open),
        "rss_after_queries_mb": round(_rss_mb()),
        "open_ms": round(1000 * opened, 1),
        "p50_ms": round(1000 * float(np.percentile(times, 50)), 1),
        "p99_ms": round(1000 * float(np.percentile(times, 99)), 1),
        **index.pdq.stats(),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
