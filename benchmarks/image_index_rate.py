"""Indexing throughput of ``Corpus.index_images`` (what ``newstrace image index`` runs), by workers.

Writes pictures as JPEG files once (the originals and distractor crops of ``image_bench.py``
plus procedural scenes of a news photograph's size, ``--size``), then indexes the folder into
a fresh store with each worker count, end to end (file reading and decoding, PDQ, SIFT,
words, store writes, the segment flush), and checks that every run stored the same rows as
the first.

    python benchmarks/image_index_rate.py [--procedural 300] [--size 768x1024] [--workers 1 2 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from image_bench import distractors, originals

import newstrace


def write_pictures(folder: Path, procedural: int, size: tuple[int, int]) -> int:
    from PIL import Image
    from tests.images.conftest import scene

    folder.mkdir(parents=True, exist_ok=True)
    photos, _ = originals()
    scenes = [scene(20_000 + i, size) for i in range(procedural)]
    pictures = [*photos.values(), *distractors(0), *scenes]
    for i, rgb in enumerate(pictures):
        Image.fromarray(rgb).save(folder / f"p{i:05d}.jpg", quality=90)
    return len(pictures)


def _cpu() -> float:
    """User + system seconds of this process and of its finished children (the workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(folder: Path, db: Path, workers: int) -> tuple[dict, list]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{db}.pdq", ignore_errors=True)
    cpu0 = _cpu()
    t0 = time.perf_counter()
    with newstrace.open(db) as corpus:
        report = corpus.index_images([str(folder)], workers=workers)
    elapsed = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    with sqlite3.connect(db) as conn:
        sql = "SELECT rowid, image_id, pdq, features, words FROM images ORDER BY rowid"
        rows = conn.execute(sql).fetchall()
    return {
        "workers": workers,
        "added": report.added,
        "seconds": round(elapsed, 1),
        "pictures_per_s": round(report.added / elapsed, 1),
        "cpu_s": round(cpu, 1),  # this process and its workers: what the machine's load left us
        "load_average_1min": round(os.getloadavg()[0], 1),
    }, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procedural", type=int, default=300)
    ap.add_argument("--size", default="768x1024", help="procedural scenes' height x width")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--folder", default="/tmp/image_rate_pictures")
    ap.add_argument("--db", default="/tmp/image_rate.db")
    args = ap.parse_args()
    folder = Path(args.folder)
    shutil.rmtree(folder, ignore_errors=True)
    h, w = (int(x) for x in args.size.split("x"))
    n = write_pictures(folder, args.procedural, (h, w))
    runs, first = [], None
    for workers in args.workers:
        result, rows = run(folder, Path(args.db), workers)
        result["same_rows_as_first_run"] = first is None or rows == first
        first = rows if first is None else first
        runs.append(result)
    print(json.dumps({"pictures": n, "size": args.size, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
