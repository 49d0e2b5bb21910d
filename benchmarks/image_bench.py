"""Image benchmark: recall@1 per edit (PDQ alone vs PDQ + SIFT), false positives, throughput, latency.

Originals are the photographs scikit-image ships in its wheel (public domain / CC0, see
tests/golden/images/LICENSE.md); without scikit-image, the five bundled test photographs.
Edits are generated (newstrace.images.edits). Distractors are random crops of the other
pictures scikit-image ships plus procedurally generated scenes. Latency (the whole
``query_index`` call: PDQ variants, SIFT, both candidate routes, geometric checks, the
appearances) is measured at the real index size, then with the index filled with synthetic
pictures to 10k and 1M: random PDQ hashes, visual words drawn like real photographs' words
(``WordModel``), keypoints of real pictures for the geometric check (``FeaturePool``). The
segments (PDQ multi-index and word postings) are the store's own (memory-mapped beside the
SQLite file, ``newstrace.store.pdq_index``), the ones the CLI and API use.

    python benchmarks/image_bench.py [--procedural 1000] [--million] [--db /tmp/image_bench.db]"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from image_synthetic import FeaturePool, WordModel, fill  # beside this file

from newstrace.engines.images import index_inputs, query_index
from newstrace.images import ImageConfig, edits, find_images, hamming, query_signature, sign
from newstrace.images.mih import hash_words
from newstrace.images.sources import _input
from newstrace.store import SQLiteStore
from newstrace.store.images import ImageIndex

ORIGINALS = [
    "astronaut",
    "camera",
    "chelsea",
    "coffee",
    "rocket",
    "hubble_deep_field",
    "retina",
    "coins",
    "moon",
    "immunohistochemistry",
]
DISTRACTOR_FILES = [
    "grass.png",
    "gravel.png",
    "brick.png",
    "text.png",
    "page.png",
    "motorcycle_left.png",
    "color.png",
    "logo.png",
    "horse.png",
    "clock_motion.png",
    "cell.png",
]
FIXED = [
    "jpeg_q30",
    "resize_50",
    "brightness_30",
    "contrast",
    "mirror",
    "caption",
    "logo",
    "border",
    "screenshot",
]
RANDOM = ["crop_10", "crop_20", "crop_30", "chain"]


def _rgb(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    if a.ndim == 2:
        a = np.stack([a] * 3, -1)
    if a.dtype != np.uint8:
        a = (255 * (a - a.min()) / max(1e-9, float(a.max() - a.min()))).astype(np.uint8)
    return np.ascontiguousarray(a[..., :3])


def originals() -> tuple[dict[str, np.ndarray], str]:
    try:
        from skimage import data
    except ImportError:
        from tests.images.conftest import NAMES, load

        return {n: load(n) for n in NAMES}, "bundled tests/golden/images (scikit-image not installed)"
    return {n: _rgb(getattr(data, n)()) for n in ORIGINALS}, "scikit-image data module"


def distractors(n_procedural: int, seed: int = 5) -> list[np.ndarray]:
    from tests.images.conftest import scene

    out: list[np.ndarray] = []
    rng = np.random.default_rng(seed)
    try:
        import skimage
        from PIL import Image

        folder = Path(skimage.__file__).parent / "data"
        for name in DISTRACTOR_FILES:
            if not (folder / name).exists():
                continue
            img = _rgb(np.asarray(Image.open(folder / name).convert("RGB")))
            for _ in range(12):
                c = edits.crop(img, float(rng.uniform(0.3, 0.7)), int(rng.integers(1 << 30)))
                out.append(np.ascontiguousarray(np.rot90(c, int(rng.integers(4)))))
    except ImportError:
        pass
    for i in range(n_procedural):
        h, w = int(rng.integers(180, 480)), int(rng.integers(180, 480))
        out.append(scene(10_000 + i, (h, w)))
    return out


def build(
    index: ImageIndex, cfg: ImageConfig, photos: dict[str, np.ndarray], extra: list[np.ndarray]
) -> dict:
    truth: dict[str, int] = {}
    items = [_input(rgb, source=f"original:{n}", first_seen="2016-01-01") for n, rgb in photos.items()]
    items += [_input(rgb, source=f"distractor:{i}") for i, rgb in enumerate(extra)]
    t0 = time.perf_counter()
    report = index_inputs(index, items, cfg)
    elapsed = time.perf_counter() - t0
    for key, apps in index.appearances(list(range(1, index.count() + 1))).items():
        for a in apps:
            if a.source.startswith("original:"):
                truth[a.source.split(":", 1)[1]] = key
    t1 = time.perf_counter()
    for rgb in extra[:100]:
        sign(rgb, cfg)
    sign_rate = min(100, len(extra)) / (time.perf_counter() - t1)
    return {
        "truth": truth,
        "indexed": report.added,
        "index_rate": report.added / elapsed,
        "sign_rate": sign_rate,
    }


def queries(photos: dict[str, np.ndarray], seeds: int) -> list[tuple[str, str, np.ndarray]]:
    out = []
    for name, rgb in photos.items():
        for edit in FIXED:
            out.append((edit, name, edits.EDITS[edit](rgb, 0)))
        for edit in RANDOM:
            out += [(edit, name, edits.EDITS[edit](rgb, s)) for s in range(seeds)]
    return out


def evaluate(
    index: ImageIndex, cfg: ImageConfig, qs: list, truth: dict[str, int], pdq_alone: bool = True
) -> dict:
    """Recall@1 and wrong matches; ``pdq_alone`` adds the PDQ-only column (a brute-force scan)."""
    rows = index._conn.execute("SELECT rowid, pdq, quality FROM images").fetchall() if pdq_alone else []
    n_rows = index.count()
    per: dict[str, dict[str, float]] = {}
    fp_full = fp_pdq = 0
    fp_queries = 0
    for edit, name, rgb in qs:
        q = query_signature(rgb, cfg)
        hits = find_images(q, index, cfg)
        pdq_hits = {
            k
            for k, bits, qual in rows
            if qual >= cfg.pdq_min_quality
            and q.variants[0].quality >= cfg.pdq_min_quality
            and min(hamming(v.bits, bytes(bits)) for v in q.variants) <= cfg.pdq_threshold
        }
        true = truth[name]
        s = per.setdefault(edit, {"n": 0, "pdq": 0, "full": 0, "fp_full": 0, "fp_pdq": 0})
        s["n"] += 1
        s["pdq"] += int(true in pdq_hits)
        s["full"] += int(bool(hits) and hits[0].key == true)
        wrong = [h for h in hits if h.key != true]
        s["fp_full"] += len(wrong)
        s["fp_pdq"] += len(pdq_hits - {true})
        fp_full += len(wrong)
        fp_pdq += len(pdq_hits - {true})
        fp_queries += int(bool(wrong))
    pairs = len(qs) * (n_rows - 1)
    return {
        "per_edit": per,
        "fp_full": fp_full,
        "fp_pdq": fp_pdq,
        "pairs": pairs,
        "fp_queries": fp_queries,
        "queries": len(qs),
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _ms(xs: list[float], p: int) -> float:
    return round(1000 * float(np.percentile(xs, p)), 1)


def latency(index: FeaturePool, cfg: ImageConfig, qs: list) -> dict:
    """Per query: the whole ``query_index`` call and its parts, timed on their own.

    One untimed query first: the process's one-time set-up (OpenCV's SIFT, threadpoolctl's
    library scan) is a server's start-up, not a query's cost.
    """
    parts: dict[str, list[float]] = {k: [] for k in ("hashing", "pdq", "words", "lookup", "total")}
    checks: list[int] = []
    query_index(index, qs[0][2], cfg, "warm-up")
    load = os.getloadavg()[0]
    for _, _, rgb in qs:
        t0 = time.perf_counter()
        query_index(index, rgb, cfg, "q")
        t1 = time.perf_counter()
        q = query_signature(rgb, cfg)
        t2 = time.perf_counter()
        index.reads.clear()
        find_images(q, index, cfg)
        t3 = time.perf_counter()
        checks.append(len(index.reads))
        index.pdq_matches(hash_words([v.bits for v in q.variants]), cfg.pdq_threshold, cfg.pdq_min_quality)
        t4 = time.perf_counter()
        index.word_candidates(q.signature.words.tolist(), cfg.max_word_df, cfg.vote_candidates, cfg.min_votes)
        t5 = time.perf_counter()
        for key, dt in (("total", t1 - t0), ("hashing", t2 - t1), ("lookup", t3 - t2), ("pdq", t4 - t3)):
            parts[key].append(dt)
        parts["words"].append(t5 - t4)
    out: dict = {"n": len(qs), "checks_per_query_mean": round(float(np.mean(checks)), 1)}
    out["load_average_1min"] = [round(load, 1), round(os.getloadavg()[0], 1)]  # before, after
    for key, xs in parts.items():
        out[f"{key}_p50_ms"], out[f"{key}_p99_ms"] = _ms(xs, 50), _ms(xs, 99)
    return out


def pdq_only(index: ImageIndex, cfg: ImageConfig, n: int = 1000, seed: int = 11) -> dict:
    """The PDQ route alone for ``n`` random queries of 8 hashes each (a worst case: no hits)."""
    rng = np.random.default_rng(seed)
    times: list[float] = []
    for _ in range(n):
        query = rng.integers(0, 2**64 - 1, (8, 4), dtype=np.uint64, endpoint=True)
        t0 = time.perf_counter()
        index.pdq_matches(query, cfg.pdq_threshold, cfg.pdq_min_quality)
        times.append(time.perf_counter() - t0)
    return {"n": n, "p50_ms": _ms(times, 50), "p99_ms": _ms(times, 99), "max_ms": _ms(times, 100)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procedural", type=int, default=1000)
    ap.add_argument("--seeds", type=int, default=4, help="random placements per crop edit and original")
    ap.add_argument("--million", action="store_true", help="also fill the index to 1M pictures")
    ap.add_argument("--query-side", type=int, help="ImageConfig.query_max_side (default: the config's)")
    ap.add_argument("--no-latency", action="store_true", help="recall and false positives only")
    ap.add_argument("--db", default="/tmp/image_bench.db")
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)
    shutil.rmtree(args.db + ".pdq", ignore_errors=True)
    cfg = ImageConfig() if args.query_side is None else ImageConfig(query_max_side=args.query_side)
    photos, origin = originals()
    extra = distractors(args.procedural)
    index = FeaturePool(SQLiteStore(args.db), real=1 << 62, skip=len(photos))
    built = build(index, cfg, photos, extra)
    index.real = index.count()
    qs = queries(photos, args.seeds)
    result = {
        "originals": origin,
        "n_originals": len(photos),
        "index_real": index.count(),
        "query_max_side": cfg.query_max_side,
        **{k: v for k, v in built.items() if k != "truth"},
    }
    result["quality"] = evaluate(index, cfg, qs, built["truth"])
    if args.no_latency:
        print(json.dumps(result, indent=1))
        return
    lat_qs = qs[::2]
    result["latency_real"] = latency(index, cfg, lat_qs)
    model = WordModel(index, cfg.word_bits, natural=len(extra) - args.procedural)
    result["word_model"] = model.stats()
    result["fill_10k"] = fill(index, 10_000, model)
    result["latency_10k"] = latency(index, cfg, lat_qs)
    result["pdq_only_10k"] = pdq_only(index, cfg)
    if args.million:
        result["fill_1m"] = fill(index, 1_000_000, model, batch=50_000)
        result["rss_mb_before_reopen"] = round(_rss_mb(), 1)
        index = FeaturePool(SQLiteStore(args.db), index.real, len(photos))  # fresh: segments mapped
        result["latency_1m"] = latency(index, cfg, lat_qs)
        result["quality_1m"] = evaluate(index, cfg, qs, built["truth"], pdq_alone=False)
        result["pdq_only_1m"] = pdq_only(index, cfg)
        result["rss_mb_after"] = round(_rss_mb(), 1)
        result["db_bytes_1m"] = sum(
            Path(args.db + s).stat().st_size for s in ("", "-wal") if Path(args.db + s).exists()
        )
    result["counts"] = index.counts()
    result["pdq_index"] = index.pdq.stats()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
