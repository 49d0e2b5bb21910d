"""Candidate index benchmark: newstrace's segment index against datasketch MinHash-LSH.

Usage:
    python benchmarks/index_bench.py --corpus out/newsgen-100k --sizes 10000 100000 \
        --datasketch-max 20000 --json out/index_bench.json

The corpus is a folder written by ``python -m newstrace.evaluate.newsgen N DIR``
(``corpus.jsonl`` and ``truth.jsonl``); smaller sizes use its first articles (the generator
streams, so a prefix is itself a valid corpus) and the ground-truth pairs inside the prefix.
Articles are normalised once (both systems compare canonical tokens); then, for each size,
each system runs in a fresh process (so peak memory is its own) over the same tokens:
signatures, index build, the incremental self-join (each article queried against the ones
before it, as ``newstrace ingest`` does) and one-article queries against the full index
(as ``newstrace trace FILE`` does). Reported: signatures per second (one core), build time,
query latency p50/p99, recall and precision of candidate pairs against the pairs sharing a
40+ word passage (plain, one side spun, both sides spun), size on disk, peak memory, and the
growth exponents of time and memory between sizes.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from index_systems import TokenCache, run_datasketch, run_newstrace

from newstrace.index import IndexConfig
from newstrace.normalize import normalize


def _tokens(text: str) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    seq = normalize(text)
    return seq.ids, seq.content


def build_cache(corpus: Path, n: int, cache: Path, workers: int) -> dict[str, float]:
    """Normalise the first ``n`` articles into ``cache`` (skipped when already there)."""
    if (cache / "offsets.npy").exists() and len(TokenCache(cache)) >= n:
        return json.loads((cache / "timing.json").read_text())
    cache.mkdir(parents=True, exist_ok=True)
    texts = []
    with open(corpus / "corpus.jsonl", encoding="utf-8") as fh:
        for _, line in zip(range(n), fh, strict=False):
            texts.append(json.loads(line)["text"])
    t0 = time.perf_counter()
    with Pool(workers) as pool:
        out = pool.map(_tokens, texts, chunksize=200)
    seconds = time.perf_counter() - t0
    lengths = np.asarray([ids.shape[0] for ids, _ in out])
    np.save(cache / "offsets.npy", np.concatenate([[0], np.cumsum(lengths)]))
    np.save(cache / "ids.npy", np.concatenate([ids for ids, _ in out]))
    np.save(cache / "content.npy", np.concatenate([c for _, c in out]))
    timing = {
        "docs": n,
        "seconds": seconds,
        "workers": workers,
        "docs_per_s_per_core": n / seconds / workers,
        "tokens_per_doc": float(lengths.mean()),
    }
    (cache / "timing.json").write_text(json.dumps(timing))
    return timing


def load_truth(corpus: Path, n: int) -> dict[tuple[int, int], int]:
    """Pairs ``(earlier, later)`` inside the first ``n`` articles -> fewest spun sides."""
    truth: dict[tuple[int, int], int] = {}
    with open(corpus / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            a, b = int(t["a"][1:]), int(t["b"][1:])
            if a < n and b < n:
                key = (min(a, b), max(a, b))
                truth[key] = min(truth.get(key, 9), int(t["spun"]))
    return truth


def score(pairs: list[tuple[int, int]], truth: dict[tuple[int, int], int]) -> dict[str, Any]:
    """Recall per spin level and precision of candidate pairs."""
    found = {(min(a, b), max(a, b)) for a, b in pairs}
    out: dict[str, Any] = {"candidates": len(found)}
    for level, name in ((0, "plain"), (1, "spun"), (2, "both_spun")):
        level_pairs = [p for p, s in truth.items() if s == level]
        hit = sum(p in found for p in level_pairs)
        out[f"recall_{name}"] = hit / len(level_pairs) if level_pairs else None
        out[f"pairs_{name}"] = len(level_pairs)
    true_pos = sum(p in found for p in truth)
    out["precision"] = true_pos / len(found) if found else None
    return out


def child(args: argparse.Namespace) -> None:
    """Run one system at one size in this process and print its figures as JSON."""
    cache = TokenCache(args.cache)
    config = IndexConfig(min_shared=args.min_shared, max_df=args.max_df, sample=args.sample)
    if args.child == "newstrace":
        result = run_newstrace(cache, args.size, args.work, config, args.probes)
    else:
        result = run_datasketch(cache, args.size, args.probes)
    result.update(score(result.pop("pairs"), load_truth(args.corpus, args.size)))
    total = (
        result["signature_s"] + result["selfjoin_s"] + (result["build_s"] if args.child == "newstrace" else 0)
    )
    result.update(
        size=args.size,
        system=args.child,
        total_s=total,
        signatures_per_s=args.size / result["signature_s"],
        docs_per_s=args.size / total,
    )
    print(json.dumps(result))


def spawn(args: argparse.Namespace, system: str, size: int) -> dict[str, Any]:
    work = args.work / f"{system}-{size}"
    subprocess.run(["rm", "-rf", str(work)], check=True)
    work.mkdir(parents=True)
    cmd = [
        sys.executable,
        __file__,
        "--child",
        system,
        "--size",
        str(size),
        "--corpus",
        str(args.corpus),
        "--cache",
        str(args.cache),
        "--work",
        str(work),
        "--probes",
        str(args.probes),
        "--min-shared",
        str(args.min_shared),
        "--max-df",
        str(args.max_df),
        "--sample",
        str(args.sample),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(json.dumps({k: v for k, v in result.items()}), file=sys.stderr, flush=True)
    return result


def exponents(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Growth exponents ``log(y2/y1) / log(n2/n1)`` between consecutive sizes."""
    out = []
    for a, b in itertools.pairwise(rows):
        ratio = math.log(b["size"] / a["size"])
        row = {"from": a["size"], "to": b["size"]}
        for key in ("total_s", "peak_rss_mb", "disk_mb"):
            if a.get(key) and b.get(key):
                row[key] = math.log(b[key] / a[key]) / ratio
        out.append(row)
    return out


def main() -> None:
    """Parse arguments; run the children; print and save the summary."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--datasketch-max", type=int, default=20_000, help="largest size datasketch runs at")
    p.add_argument("--cache", type=Path, help="token cache folder (default: CORPUS/tokens)")
    p.add_argument("--work", type=Path, default=Path("out/index_bench"))
    p.add_argument("--probes", type=int, default=1000, help="one-article queries timed")
    p.add_argument("--workers", type=int, default=2, help="processes for normalising")
    p.add_argument("--min-shared", type=int, default=IndexConfig().min_shared)
    p.add_argument("--max-df", type=int, default=IndexConfig().max_df)
    p.add_argument("--sample", type=int, default=IndexConfig().sample)
    p.add_argument("--json", type=Path)
    p.add_argument("--child", choices=["newstrace", "datasketch"], help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    args.cache = args.cache or args.corpus / "tokens"
    if args.child:
        child(args)
        return
    normalise = build_cache(args.corpus, max(args.sizes), args.cache, args.workers)
    rows = {"newstrace": [spawn(args, "newstrace", n) for n in args.sizes]}
    ds_sizes = sorted({min(n, args.datasketch_max) for n in args.sizes})
    rows["datasketch"] = [spawn(args, "datasketch", n) for n in ds_sizes]
    summary = {"normalise": normalise, "rows": rows, "exponents": {k: exponents(v) for k, v in rows.items()}}
    ratios = []
    for d in rows["datasketch"]:
        for nt in rows["newstrace"]:
            if nt["size"] == d["size"]:
                ratios.append(
                    {
                        "size": d["size"],
                        "throughput_ratio": nt["docs_per_s"] / d["docs_per_s"],
                        "signature_ratio": nt["signatures_per_s"] / d["signatures_per_s"],
                    }
                )
    summary["ratios"] = ratios
    text = json.dumps(summary, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text)


if __name__ == "__main__":
    main()
