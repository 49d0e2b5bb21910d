"""Synthetic pictures for the image benchmark's 10k and 1M rows (see ``image_bench.py``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newstrace.images.features import LocalFeatures
from newstrace.store import SQLiteStore
from newstrace.store.images import ImageIndex, words_blob
from newstrace.store.pdq_index import row_words

__all__ = ["FeaturePool", "WordModel", "fill"]


class WordModel:
    """Visual words of synthetic pictures, drawn like the words of real photographs.

    Held out: the word occurrences of the crops of the other scikit-image photographs (not of
    the procedural scenes, whose few keypoints are discs and gradients, and never of the
    originals the queries come from) give a categorical distribution (estimated from the originals themselves,
    every word of a query would be "seen" and so frequent at 1M). A synthetic picture draws
    as many words as a random original holds (full photographs hold the most), each from
    that distribution or, with the Good-Turing missing mass (share of occurrences that are
    a word's only one), uniformly from all ``2**bits`` words. Frequent real words so become
    frequent at 1M: posting lists are as long as real ones would be, not uniform short ones.
    """

    def __init__(self, index: ImageIndex, bits: int, natural: int) -> None:
        rows = index._conn.execute(
            "SELECT a.source, i.words FROM images i JOIN image_appearances a ON a.image = i.rowid"
        ).fetchall()
        photo = [row_words(w) for src, w in rows if src.startswith("original:")]
        real = [
            row_words(w)
            for src, w in rows
            if src.startswith("distractor:") and int(src.split(":")[1]) < natural
        ]
        self.lengths = np.array([len(w) for w in photo], np.int64)
        self.pictures = len(real)
        words, counts = np.unique(np.concatenate(real), return_counts=True)
        self.words, self.cdf = words.astype(np.int64), np.cumsum(counts) / counts.sum()
        self.missing = float((counts == 1).sum() / counts.sum())
        self.bits = bits

    def stats(self) -> dict:
        return {
            "distractors": self.pictures,
            "distinct_words": len(self.words),
            "words_per_picture_mean": round(float(self.lengths.mean()), 1),
            "good_turing_missing_mass": round(self.missing, 3),
        }

    def draw(self, rng: np.random.Generator, k: int) -> list[np.ndarray]:
        sizes = rng.choice(self.lengths, k)
        n = int(sizes.sum())
        seen = self.words[np.minimum(np.searchsorted(self.cdf, rng.random(n)), len(self.words) - 1)]
        fresh = rng.integers(0, 1 << self.bits, n)
        drawn = np.where(rng.random(n) < self.missing, fresh, seen)
        return [np.unique(w) for w in np.split(drawn, np.cumsum(sizes)[:-1])]


def fill(index: ImageIndex, target: int, model: WordModel, seed: int = 9, batch: int = 20_000) -> dict:
    """Add synthetic pictures (random PDQ hashes, words drawn by ``model``) up to ``target``.

    Rows go straight into SQLite (as ``ImageIndex.put`` would write them, without keypoints:
    ``FeaturePool`` stands in for those); the segments (PDQ multi-index and word postings)
    are then brought up to date by the store's own code, timed apart.
    """
    rng = np.random.default_rng(seed)
    empty = LocalFeatures(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), 1, 1).to_bytes()
    conn = index._conn
    t0 = time.perf_counter()
    while (n := index.count()) < target:
        k = min(batch, target - n)
        hashes = rng.integers(0, 256, (k, 32), dtype=np.uint8)
        words = model.draw(rng, k)
        with index.store.transaction():
            start = int(conn.execute("SELECT IFNULL(MAX(rowid), 0) FROM images").fetchone()[0]) + 1
            conn.executemany(
                "INSERT INTO images (rowid, image_id, width, height, pdq, quality, features, words, added_at)"
                " VALUES (?, ?, 1, 1, ?, 100, ?, ?, '')",
                [
                    (start + i, f"synthetic-{start + i}", hashes[i].tobytes(), empty, words_blob(words[i]))
                    for i in range(k)
                ],
            )
    t1 = time.perf_counter()
    index.pdq.refresh()
    index.pdq.flush()
    t2 = time.perf_counter()
    return {"sqlite_s": round(t1 - t0, 1), "segments_s": round(t2 - t1, 1), **index.pdq.stats()}


class FeaturePool(ImageIndex):
    """The index, with the keypoints of synthetic pictures taken from real indexed pictures.

    Synthetic rows store no keypoints (1M real ones would be ~33 GB); a synthetic picture
    that reaches the geometric check gets the stored keypoints of a real distractor (row
    ``skip + 1 + key % (real - skip)``, past the ``skip`` originals; read from SQLite like any
    other), so the check costs what it would and cannot match a query's original.
    """

    def __init__(self, store: SQLiteStore, real: int, skip: int = 0) -> None:
        super().__init__(store)
        self.real, self.skip = real, skip
        self.reads: list[int] = []

    def features(self, key: int) -> LocalFeatures:
        self.reads.append(key)
        pool = self.real - self.skip
        return super().features(key if key <= self.real else self.skip + 1 + key % pool)
