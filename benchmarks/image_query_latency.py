"""Whole-query latency in a fresh process against the store ``image_bench.py --million`` leaves.

Every one of the benchmark's 250 edited queries goes through ``query_index`` (PDQ variants,
SIFT, both candidate routes, geometric checks, appearances), ``--passes`` times, after one
untimed warm-up query; synthetic pictures get real distractors' keypoints as in the benchmark.

    python benchmarks/image_query_latency.py [--db /tmp/image_bench.db] [--passes 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from image_bench import originals, queries  # beside this file
from image_synthetic import FeaturePool

from newstrace.engines.images import query_index
from newstrace.images import ImageConfig
from newstrace.store import SQLiteStore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/image_bench.db")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--real", type=int, default=1142, help="real pictures in the store (the rest synthetic)")
    args = ap.parse_args()
    cfg = ImageConfig()
    photos, _ = originals()
    qs = queries(photos, 4)
    store = SQLiteStore(args.db)
    index = FeaturePool(store, args.real, len(photos))
    query_index(index, qs[0][2], cfg, "warm-up")
    out = {"pictures": index.count(), "queries": len(qs), "passes": []}
    for _ in range(args.passes):
        load = os.getloadavg()[0]
        times = []
        for edit, name, rgb in qs:
            t0 = time.perf_counter()
            query_index(index, rgb, cfg, "q")
            times.append((time.perf_counter() - t0, edit, name))
        xs = np.array([t for t, _, _ in times])
        out["passes"].append(
            {
                "p50_ms": round(1000 * float(np.percentile(xs, 50)), 1),
                "p99_ms": round(1000 * float(np.percentile(xs, 99)), 1),
                "max_ms": round(1000 * float(xs.max()), 1),
                "load_average_1min": [round(load, 1), round(os.getloadavg()[0], 1)],
                "slowest": [[round(1000 * t), e, n] for t, e, n in sorted(times, reverse=True)[:3]],
            }
        )
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
