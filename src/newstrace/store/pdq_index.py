"""The picture index on disk: memory-mapped immutable segments beside the SQLite file.

A segment holds the PDQ multi-index (:mod:`newstrace.images.mih`) and the visual-word
inverted index (:mod:`newstrace.images.postings`) of the same pictures. The ``images`` table
stays the source of truth; this index is a derived copy that can be rebuilt from it at any
time. Layout of ``<store>.pdq/``::

    manifest.json         {"version": 2, "watermark": W, "segments": [{"name": ..., "rows": n}]}
    seg-<uuid>/           rows.npy words.npy quality.npy offsets.npy postings.npy
                          word_keys.npy word_offsets.npy word_postings.npy
    lock                  flock while segments or the manifest are written

A segment directory is written under a temporary name, fsynced and renamed; only then does a
new manifest (written to a temporary file and atomically renamed) refer to it. A reader sees
the segments of one manifest; anything else in the folder (a half-written segment after a
crash, a segment a merge replaced) is ignored and removed by the next writer.

The segments hold every picture with row id <= ``watermark``; pictures stored since are read
from SQLite into a small in-memory tail (compared by brute force) and written as a new
segment once the tail reaches ``flush_rows``. Segments are merged like a binary counter (a new
segment at least half the size of the previous one merges with it), so there are O(log n)
of them. Row ids are never reused (see ``store.images``), deleted pictures are dropped at the
next merge, and every match is checked against SQLite before it is reported.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.images.mih import MihMatches, MihSegment, build_segment, merge_matches, scan, search
from newstrace.images.postings import WordPostings, WordVotes, build_postings, frequencies, pairs, vote
from newstrace.index.files import fsync_dir

__all__ = ["PdqIndex", "row_words"]

log = logging.getLogger(__name__)
_FILES = ("rows", "words", "quality", "offsets", "postings")
_WORD_FILES = {"word_keys": "keys", "word_offsets": "offsets", "word_postings": "postings"}
_MANIFEST = "manifest.json"
_VERSION = 2  # 1: PDQ only (its segments are rebuilt with words)
_EMPTY_WORDS = np.zeros(0, np.uint32)
_GONE = np.uint32(0xFFFFFFFF)  # a merged-away position (segments hold fewer than 2**32 rows)


def row_words(value: Any) -> npt.NDArray[np.uint32]:
    """The visual words of an ``images.words`` value (uint32 blob, or migration 7's text)."""
    if value is None:
        return _EMPTY_WORDS
    if isinstance(value, str):
        return np.array(value.split(), dtype=np.uint32)
    return np.frombuffer(bytes(value), dtype="<u4").astype(np.uint32)


@dataclass(frozen=True, slots=True, eq=False)
class _Segment:
    """The PDQ multi-index and the word postings of one block of pictures."""

    pdq: MihSegment
    words: WordPostings

    def __len__(self) -> int:
        return len(self.pdq)


def _build(
    rows: npt.NDArray[np.int64],
    hashes: npt.NDArray[np.uint64],
    quality: npt.NDArray[np.uint8],
    positions: npt.NDArray[np.int64],
    words: npt.NDArray[np.uint32],
) -> _Segment:
    return _Segment(build_segment(rows, hashes, quality), build_postings(positions, words))


def _write_segment(folder: Path, segment: _Segment) -> str:
    name = f"seg-{uuid.uuid4().hex}"
    tmp = folder / f".{name}.tmp"
    tmp.mkdir()
    arrays = {f: getattr(segment.pdq, f) for f in _FILES}
    arrays.update({f: getattr(segment.words, a) for f, a in _WORD_FILES.items()})
    for field, array in arrays.items():
        with open(tmp / f"{field}.npy", "wb") as fh:
            np.save(fh, array)
            fh.flush()
            os.fsync(fh.fileno())
    fsync_dir(tmp)
    tmp.rename(folder / name)
    fsync_dir(folder)
    return name


def _read_segment(folder: Path) -> _Segment:
    # plain array views of the maps (indexing a np.memmap wraps every result in a memmap)
    def load(field: str) -> Any:
        return np.asarray(np.load(folder / f"{field}.npy", mmap_mode="r", allow_pickle=False))

    pdq = MihSegment(**{f: load(f) for f in _FILES})
    words = WordPostings(**{a: load(f) for f, a in _WORD_FILES.items()})
    n = len(pdq)
    if pdq.words.shape != (n, 4) or pdq.postings.shape != (16, n) or pdq.quality.shape != (n,):
        raise ValueError(f"segment {folder} is inconsistent")
    if words.offsets.shape != (len(words.keys) + 1,) or int(words.offsets[-1]) != len(words):
        raise ValueError(f"segment {folder}: word postings are inconsistent")
    return _Segment(pdq, words)


class PdqIndex:
    """Exact PDQ radius search and visual-word votes over every picture of ``images``.

    Args:
        conn: the store's connection (reads ``images`` and ``image_tombstones``).
        folder: where segments live; ``None`` keeps them in memory (``:memory:`` stores).
        flush_rows: tail size at which the tail becomes a segment.
    """

    def __init__(self, conn: sqlite3.Connection, folder: Path | None, flush_rows: int = 4096) -> None:
        self._conn = conn
        self.folder = folder
        self.flush_rows = flush_rows
        self._segments: list[tuple[str, _Segment]] = []
        self._watermark = 0  # segments cover rows <= this
        self._clear_tail()
        self._manifest_stamp: tuple[int, int] | None = None  # inode and mtime of the manifest read
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                log.warning("%s: cannot keep the PDQ index on disk (%s); keeping it in memory", folder, exc)
                self.folder = None
        if self.folder is not None:
            self._load()

    # -- manifest -------------------------------------------------------------------------
    def _read_manifest(self) -> dict[str, object]:
        assert self.folder is not None
        try:
            data: dict[str, object] = json.loads((self.folder / _MANIFEST).read_text())
            return data
        except FileNotFoundError:
            return {"version": _VERSION, "watermark": 0, "segments": []}
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable PDQ index manifest (%s); rebuilding", self.folder, exc)
            return {"version": _VERSION, "watermark": 0, "segments": []}

    def _load(self) -> None:
        """Map the segments of the current manifest (rebuilding when it does not fit the store)."""
        assert self.folder is not None
        manifest = self._read_manifest()
        try:
            if manifest.get("version") != _VERSION:
                raise ValueError(f"version {manifest.get('version')}, not {_VERSION}")
            names = [str(s["name"]) for s in manifest["segments"]]  # type: ignore[attr-defined]
            segments = [(name, _read_segment(self.folder / name)) for name in names]
            watermark = int(manifest["watermark"])  # type: ignore[call-overload]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s: PDQ index segment unreadable (%s); rebuilding from the store", self.folder, exc)
            segments, watermark = [], 0
        if watermark > self._high_water():
            log.warning("%s: PDQ index is ahead of the store (another file?); rebuilding", self.folder)
            segments, watermark = [], 0
        self._segments, self._watermark = segments, watermark
        self._clear_tail()
        self._manifest_stamp = self._stamp()

    def _write_manifest(self) -> None:
        assert self.folder is not None
        body = {
            "version": _VERSION,
            "watermark": self._watermark,
            "segments": [{"name": n, "rows": len(s)} for n, s in self._segments],
        }
        tmp = self.folder / f".{_MANIFEST}.{uuid.uuid4().hex}.tmp"
        with open(tmp, "w") as fh:
            json.dump(body, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.folder / _MANIFEST)
        fsync_dir(self.folder)
        self._manifest_stamp = self._stamp()
        self._remove_unused()

    def _remove_unused(self) -> None:
        assert self.folder is not None
        used = {n for n, _ in self._segments}
        for entry in self.folder.iterdir():
            stale = entry.name.startswith(("seg-", ".seg-")) and entry.name not in used
            if stale or (entry.name.startswith(f".{_MANIFEST}.") and entry.name.endswith(".tmp")):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self.folder is None:
            yield
            return
        with open(self.folder / "lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                if self._changed_on_disk():
                    self._load()  # another process wrote segments: start from its manifest
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _stamp(self) -> tuple[int, int] | None:
        """Identity of the manifest file (every write replaces it, so its inode changes)."""
        assert self.folder is not None
        try:
            st = (self.folder / _MANIFEST).stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def _changed_on_disk(self) -> bool:
        return self._stamp() != self._manifest_stamp

    # -- keeping up with the store -----------------------------------------------------------
    def _high_water(self) -> int:
        row = self._conn.execute(
            "SELECT MAX(IFNULL((SELECT MAX(rowid) FROM images), 0),"
            " IFNULL((SELECT MAX(rowid) FROM image_tombstones), 0))"
        ).fetchone()
        return int(row[0])

    def _clear_tail(self) -> None:
        self._tail_rows = np.zeros(0, np.int64)
        self._tail_words = np.zeros((0, 4), np.uint64)
        self._tail_quality = np.zeros(0, np.uint8)
        self._tail_postings = build_postings(np.zeros(0, np.int64), _EMPTY_WORDS)

    def _tail_segment(self) -> _Segment:
        pdq = build_segment(self._tail_rows, self._tail_words, self._tail_quality)
        return _Segment(pdq, self._tail_postings)

    def _covered(self) -> int:
        return int(self._tail_rows[-1]) if len(self._tail_rows) else self._watermark

    def refresh(self) -> None:
        """Read pictures stored since the last look into the tail; flush a full tail."""
        if self.folder is not None and self._changed_on_disk():
            self._load()
        self._read_tail()
        if len(self._tail_rows) >= self.flush_rows:
            try:
                self.flush()
            except OSError as exc:  # disk full, read-only folder: search the tail as it is
                log.warning("%s: PDQ segment not written (%s); the tail stays in memory", self.folder, exc)

    def _read_tail(self) -> None:
        cursor = self._conn.execute(
            "SELECT rowid, pdq, quality, words FROM images WHERE rowid > ? ORDER BY rowid", (self._covered(),)
        )
        keys, hashes, quality, words = [], [], [], []
        while rows := cursor.fetchmany(50_000):  # a million rows: arrays, not a million tuples
            keys.append(np.array([r[0] for r in rows], np.int64))
            hashes.append(np.frombuffer(b"".join(bytes(r[1]) for r in rows), np.uint64).reshape(-1, 4))
            quality.append(np.array([r[2] for r in rows], np.uint8))
            words += [row_words(r[3]) for r in rows]
        if not keys:
            return
        first = len(self._tail_rows)
        counts = np.array([len(w) for w in words], np.int64)
        positions = np.repeat(np.arange(first, first + len(words), dtype=np.uint32), counts)
        new = np.concatenate(words)
        del words
        held, old = pairs(self._tail_postings)  # grouped by word: the stable sort keeps that
        if len(held):
            positions, new = np.concatenate([held, positions]), np.concatenate([old, new])
        self._tail_postings = build_postings(positions, new)
        self._tail_rows = np.concatenate([self._tail_rows, *keys])
        self._tail_words = np.concatenate([self._tail_words, *hashes])
        self._tail_quality = np.concatenate([self._tail_quality, *quality])

    def flush(self) -> None:
        """Write the tail as a segment (merging segments of similar size)."""
        with self._locked():
            self._read_tail()
            if len(self._tail_rows) == 0:
                return
            segment = self._tail_segment()
            watermark = int(self._tail_rows[-1])
            segments = [*self._segments, ("", segment)]
            while len(segments) > 1 and 2 * len(segments[-1][1]) >= len(segments[-2][1]):
                segments[-2:] = [("", self._merge([s for _, s in segments[-2:]]))]
            self._install(segments, watermark)

    def compact(self) -> None:
        """Merge every segment and the tail into one, dropping deleted pictures."""
        with self._locked():
            self._read_tail()
            parts = [s for _, s in self._segments]
            if len(self._tail_rows):
                parts.append(self._tail_segment())
            watermark = self._covered()
            self._install([("", self._merge(parts))] if parts else [], watermark)

    def rebuild(self) -> None:
        """Forget the segments and index every picture of the ``images`` table again."""
        with self._locked():
            self._segments, self._watermark = [], 0
            self._clear_tail()
            self._read_tail()
            watermark = self._covered()
            parts = [self._tail_segment()]
            self._install([("", parts[0])] if len(self._tail_rows) else [], watermark)

    def _merge(self, parts: list[_Segment]) -> _Segment:
        rows = np.concatenate([np.asarray(p.pdq.rows) for p in parts])
        hashes = np.concatenate([np.asarray(p.pdq.words) for p in parts])
        quality = np.concatenate([np.asarray(p.pdq.quality) for p in parts])
        dead = np.array([r[0] for r in self._conn.execute("SELECT rowid FROM image_tombstones")], np.int64)
        _, last = np.unique(rows[::-1], return_index=True)  # a row written twice: keep one copy
        keep = np.sort(len(rows) - 1 - last)
        keep = keep[~np.isin(rows[keep], dead)]
        moved = np.full(len(rows), _GONE, np.uint32)  # old position (all parts) -> new position
        moved[keep] = np.arange(len(keep), dtype=np.uint32)
        # uint32 throughout, one part at a time: at 1M pictures the pairs are ~230M each
        positions, words, base = [], [], 0
        for part in parts:
            pos, held = pairs(part.words)
            pos = moved[pos + np.uint32(base)]
            positions.append(pos[pos != _GONE])
            words.append(held[pos != _GONE])
            base += len(part)
        flat, flat_words = np.concatenate(positions), np.concatenate(words)
        del positions, words  # the parts' pairs go before the sort needs its memory
        return _build(rows[keep], hashes[keep], quality[keep], flat, flat_words)

    def _install(self, segments: list[tuple[str, _Segment]], watermark: int) -> None:
        """Persist new segments (name ``""``) and switch to them with one manifest write."""
        installed: list[tuple[str, _Segment]] = []
        for name, segment in segments:
            if self.folder is not None and not name:
                name = _write_segment(self.folder, segment)
                segment = _read_segment(self.folder / name)
            installed.append((name or f"memory-{uuid.uuid4().hex}", segment))
        self._segments, self._watermark = installed, watermark
        self._clear_tail()
        if self.folder is not None:
            self._write_manifest()

    # -- searching --------------------------------------------------------------------------
    def search(self, query: npt.NDArray[np.uint64], radius: int, min_quality: int) -> MihMatches:
        """Every indexed picture within ``radius`` of one of the query hashes (``V x 4``)."""
        self.refresh()
        parts = [search(s.pdq, query, radius, min_quality) for _, s in self._segments]
        parts.append(scan(self._tail_rows, self._tail_words, self._tail_quality, query, radius, min_quality))
        return merge_matches(parts)

    def word_votes(
        self, words: npt.NDArray[np.int64], max_df: int, total: int, min_votes: int
    ) -> tuple[list[npt.NDArray[np.int64]], list[WordVotes]]:
        """Pictures holding ``min_votes`` of the words, scored by the IDF of the words they hold.

        A word's IDF is ``log(1 + total / df)``; words held by more than ``max_df`` pictures
        (or none) weigh 0. Returns each block's row ids and its votes (positions into them).
        """
        self.refresh()
        blocks = [(np.asarray(s.pdq.rows), s.words, len(s)) for _, s in self._segments]
        blocks.append((self._tail_rows, self._tail_postings, len(self._tail_rows)))
        df = np.zeros(len(words), np.int64)
        for _, postings, _ in blocks:
            df += frequencies(postings, words)
        kept = (df > 0) & (df <= max_df)
        weights = np.where(kept, np.log1p(max(total, 1) / np.maximum(df, 1)), 0.0)
        return [b[0] for b in blocks], [vote(p, n, words, weights, min_votes) for _, p, n in blocks]

    def stats(self) -> dict[str, int]:
        """Segments, indexed rows, tail rows, word postings and bytes on disk."""
        disk = 0
        if self.folder is not None:
            disk = sum(p.stat().st_size for n, _ in self._segments for p in (self.folder / n).iterdir())
        return {
            "segments": len(self._segments),
            "segment_rows": sum(len(s) for _, s in self._segments),
            "tail_rows": len(self._tail_rows),
            "word_postings": sum(len(s.words) for _, s in self._segments) + len(self._tail_postings),
            "bytes_on_disk": disk,
        }
