"""A persistent, incremental inverted index of immutable sorted postings segments.

Layout of the index directory (``<db>.index/`` next to the SQLite store):

- ``seg-NNNNNNNN.post.npy``: a segment's postings (sorted ``uint64``, see
  :mod:`newstrace.index.postings`), memory-mapped when read;
- ``seg-NNNNNNNN.docs.npy``: the distinct document keys of that segment;
- ``tomb-NNNNNNNN.npy``: tombstones, rows ``(doc, seq)``: the postings of ``doc`` in every
  segment older than ``seq`` are dead;
- ``manifest.json``: the live files. It is written to a temporary file, fsync'd and
  atomically renamed over the old one after every file it names is on disk, so a crash at
  any point leaves the previous or the next consistent index, never a half-written one.
  Files the manifest does not name are crash leftovers and are removed on the next write.

New documents collect in an in-memory buffer that :meth:`SegmentIndex.flush` writes as a new
segment. Segments of similar size are merged (``fanout`` at a time, LSM-style, up to
``max_segment`` postings) so a query makes a few binary searches per key, and merging drops
the postings of deleted documents. One process writes at a time; readers in other processes
see each flushed state (the manifest is re-read when it changes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.index.files import save_array, write_json_atomic
from newstrace.index.postings import (
    Postings,
    count_anchored,
    count_shared,
    doc_keys,
    gather,
    lookup,
    merge_postings,
    pack,
)

__all__ = ["SegmentIndex"]

_FORMAT = 1
_MANIFEST = "manifest.json"
_EMPTY = np.zeros(0, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class _Segment:
    seq: int
    stem: str | None
    postings: Postings
    docs: npt.NDArray[np.uint64]

    def holds(self, doc: int) -> bool:
        i = int(np.searchsorted(self.docs, doc))
        return i < self.docs.shape[0] and int(self.docs[i]) == doc


class SegmentIndex:
    """Documents' fingerprints in sorted postings segments, on disk or (``directory=None``) in memory.

    Example:
        >>> index = SegmentIndex(None)
        >>> index.add(1, np.asarray([5 << 32, 9 << 32], dtype=np.uint64))
        >>> index.shared(np.asarray([5 << 32], dtype=np.uint64), max_df=100)
        {1: 1}
    """

    def __init__(
        self,
        directory: str | Path | None,
        *,
        flush_postings: int = 2_000_000,
        fanout: int = 4,
        compact_limit: int = 300_000_000,
        max_segment: int = 64_000_000,
    ) -> None:
        self.directory = None if directory is None else Path(directory)
        self.flush_postings = flush_postings
        self.fanout = fanout
        self.compact_limit = compact_limit  # postings; compacting peaks near 4x their 8 bytes
        self.max_segment = max_segment
        self.scheme: str | None = None
        self._segments: list[_Segment] = []
        self._tomb_docs = _EMPTY
        self._tomb_seqs = _EMPTY
        self._next_seq = 1
        self._next_file = 1
        self._buffer: dict[int, Postings] = {}
        self._buffered = 0
        self._buffer_sorted: Postings | None = None
        self._manifest_mtime: float | None = None
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._load()

    # -- persistence ------------------------------------------------------------------
    def _manifest_path(self) -> Path:
        assert self.directory is not None
        return self.directory / _MANIFEST

    def _load(self) -> None:
        path = self._manifest_path()
        if not path.exists():
            return
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("format") != _FORMAT:
            raise RuntimeError(
                f"{path}: index format {state.get('format')} is not {_FORMAT}; delete the folder"
            )
        assert self.directory is not None
        self.scheme = state["scheme"]
        self._next_seq, self._next_file = int(state["next_seq"]), int(state["next_file"])
        self._segments = [
            _Segment(
                int(s["seq"]),
                s["stem"],
                np.load(self.directory / f"{s['stem']}.post.npy", mmap_mode="r"),
                np.load(self.directory / f"{s['stem']}.docs.npy"),
            )
            for s in state["segments"]
        ]
        if state["tombstones"]:
            rows = np.load(self.directory / state["tombstones"])
            self._tomb_docs, self._tomb_seqs = rows[:, 0].copy(), rows[:, 1].copy()
        else:
            self._tomb_docs, self._tomb_seqs = _EMPTY, _EMPTY
        self._manifest_mtime = path.stat().st_mtime

    def refresh(self) -> None:
        """Re-read the manifest if another process has written a new one (readers only)."""
        if self.directory is None or self._buffer:
            return
        path = self._manifest_path()
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return
        if mtime != self._manifest_mtime:
            self._load()

    def _new_stem(self) -> str:
        stem = f"seg-{self._next_file:08d}"
        self._next_file += 1
        return stem

    def _write_manifest(self) -> None:
        if self.directory is None:
            return
        tomb_name = None
        if self._tomb_docs.shape[0]:
            tomb_name = f"tomb-{self._next_file:08d}.npy"
            self._next_file += 1
            save_array(self.directory / tomb_name, np.stack([self._tomb_docs, self._tomb_seqs], axis=1))
        state = {
            "format": _FORMAT,
            "scheme": self.scheme,
            "next_seq": self._next_seq,
            "next_file": self._next_file,
            "segments": [
                {"seq": s.seq, "stem": s.stem, "postings": len(s.postings), "docs": len(s.docs)}
                for s in self._segments
            ],
            "tombstones": tomb_name,
        }
        path = self._manifest_path()
        write_json_atomic(path, state)
        self._manifest_mtime = path.stat().st_mtime
        self._remove_unreferenced(tomb_name)

    def _remove_unreferenced(self, tomb_name: str | None) -> None:
        assert self.directory is not None
        keep = {_MANIFEST} | ({tomb_name} if tomb_name else set())
        for s in self._segments:
            keep |= {f"{s.stem}.post.npy", f"{s.stem}.docs.npy"}
        for entry in self.directory.iterdir():
            if entry.name not in keep:
                entry.unlink(missing_ok=True)

    def _store_segment(self, seq: int, postings: Postings, docs: npt.NDArray[np.uint64]) -> _Segment:
        if self.directory is None:
            return _Segment(seq, None, postings, docs)
        stem = self._new_stem()
        save_array(self.directory / f"{stem}.post.npy", postings)
        save_array(self.directory / f"{stem}.docs.npy", docs)
        return _Segment(seq, stem, np.load(self.directory / f"{stem}.post.npy", mmap_mode="r"), docs)

    # -- writing ----------------------------------------------------------------------
    def set_scheme(self, scheme: str) -> None:
        """Record which key scheme the index holds (an empty index takes any)."""
        if self.scheme not in (None, scheme) and (self._segments or self._buffer):
            raise ValueError(f"index holds keys of scheme {self.scheme!r}, not {scheme!r}; clear it first")
        self.scheme = scheme

    def clear(self) -> None:
        """Forget every document (the files go at the next write)."""
        self._segments, self._buffer, self._buffered = [], {}, 0
        self._buffer_sorted = None
        self._tomb_docs, self._tomb_seqs = _EMPTY, _EMPTY
        self.scheme = None
        self._write_manifest()

    def add(self, doc: int, fingerprints: npt.NDArray[np.uint64]) -> None:
        """Index ``doc`` under its fingerprints, replacing what it had (durable after :meth:`flush`)."""
        if any(s.holds(doc) for s in self._segments):
            self._tombstone(doc)
        self._drop_buffered(doc)
        postings = pack(doc, fingerprints)
        self._buffer[doc] = postings
        self._buffered += postings.shape[0]
        self._buffer_sorted = None
        if self._buffered >= self.flush_postings:
            self.flush()

    def remove(self, doc: int) -> None:
        """Forget ``doc`` (durable after :meth:`flush`)."""
        self._drop_buffered(doc)
        if any(s.holds(doc) for s in self._segments):
            self._tombstone(doc)

    def _drop_buffered(self, doc: int) -> None:
        old = self._buffer.pop(doc, None)
        if old is not None:
            self._buffered -= old.shape[0]
            self._buffer_sorted = None

    def _tombstone(self, doc: int) -> None:
        i = int(np.searchsorted(self._tomb_docs, doc))
        if i < self._tomb_docs.shape[0] and int(self._tomb_docs[i]) == doc:
            self._tomb_seqs = self._tomb_seqs.copy()
            self._tomb_seqs[i] = self._next_seq
        else:
            self._tomb_docs = np.insert(self._tomb_docs, i, np.uint64(doc))
            self._tomb_seqs = np.insert(self._tomb_seqs, i, np.uint64(self._next_seq))

    def flush(self) -> None:
        """Write buffered documents as a segment and tombstones, merge, then commit the manifest."""
        if self._buffer:
            postings = merge_postings(list(self._buffer.values()))
            docs = np.asarray(sorted(self._buffer), dtype=np.uint64)
            self._segments.append(self._store_segment(self._next_seq, postings, docs))
            self._next_seq += 1
            self._buffer, self._buffered, self._buffer_sorted = {}, 0, None
        self._merge_tiers()
        self._write_manifest()

    def _tier(self, size: int) -> int:
        ratio = max(size, 1) / max(self.flush_postings, 1)
        return int(np.floor(np.log(max(ratio, 1.0)) / np.log(self.fanout)))

    def _merge_tiers(self) -> None:
        while True:
            tiers: dict[int, list[_Segment]] = {}
            for s in self._segments:
                tiers.setdefault(self._tier(s.postings.shape[0]), []).append(s)
            group = next(
                (
                    g
                    for _, g in sorted(tiers.items())
                    if len(g) >= self.fanout
                    and sum(s.postings.shape[0] for s in g[: self.fanout]) <= self.max_segment
                ),
                None,
            )
            if group is None:
                return
            self._merge(group[: self.fanout])

    def compact_after_bulk(self, added: int) -> bool:
        """Merge into one segment after a bulk load: when the ``added`` documents are at
        least half of those indexed and the index holds at most ``compact_limit`` postings.

        A query searches every segment, so the dozen segments tiered merging leaves after a
        large load cost several times one segment (1M news-like articles: 12 segments, 121
        articles/s aligned; one, about 240/s). Compacting only when a load at least doubled the
        index rewrites each posting a constant number of times, amortized.
        """
        self.flush()
        total = sum(int(s.postings.shape[0]) for s in self._segments)
        if len(self._segments) < 2 or total > self.compact_limit:
            return False
        if 2 * added < len(self.live_docs()):
            return False
        self.compact()
        return True

    def compact(self) -> None:
        """Merge every segment into as few as ``max_segment`` allows, dropping dead postings."""
        self.flush()
        if len(self._segments) > 1 or self._tomb_docs.shape[0]:
            self._merge(list(self._segments))
            self._write_manifest()

    def _merge(self, group: list[_Segment]) -> None:
        parts = [self._live(np.asarray(s.postings), s.seq) for s in group]
        docs = np.unique(np.concatenate([s.docs[self._alive_mask(s.docs, s.seq)] for s in group]))
        merged = self._store_segment(max(s.seq for s in group), merge_postings(parts), docs)
        ids = {id(s) for s in group}
        self._segments = sorted(
            [s for s in self._segments if id(s) not in ids] + [merged], key=lambda s: s.seq
        )
        self._collect_tombstones()

    def _live(self, postings: Postings, seq: int) -> Postings:
        docs = postings & np.uint64(0xFFFFFFFF)
        return postings[self._alive_mask(docs, seq)]

    def _alive_mask(self, docs: npt.NDArray[Any], seq: int) -> npt.NDArray[np.bool_]:
        if self._tomb_docs.shape[0] == 0 or docs.shape[0] == 0:
            return np.ones(docs.shape[0], dtype=np.bool_)
        i = np.minimum(np.searchsorted(self._tomb_docs, docs), self._tomb_docs.shape[0] - 1)
        hit = self._tomb_docs[i] == docs.astype(np.uint64)
        return np.asarray(~(hit & (self._tomb_seqs[i] > np.uint64(seq))))

    def _collect_tombstones(self) -> None:
        """Drop tombstones no segment needs any more."""
        keep = np.zeros(self._tomb_docs.shape[0], dtype=np.bool_)
        for s in self._segments:
            older = self._tomb_seqs > np.uint64(s.seq)
            keep |= older & np.isin(self._tomb_docs, s.docs)
        self._tomb_docs, self._tomb_seqs = self._tomb_docs[keep], self._tomb_seqs[keep]

    # -- reading ----------------------------------------------------------------------
    def _sorted_buffer(self) -> Postings:
        if self._buffer_sorted is None:
            self._buffer_sorted = merge_postings(list(self._buffer.values()))
        return self._buffer_sorted

    def query(
        self,
        fingerprints: npt.NDArray[np.uint64],
        max_df: int,
        before: int | None = None,
        exclude: int | None = None,
        anchor_df: int | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Documents sharing keys with ``fingerprints`` and how many (keys held by > ``max_df`` skipped).

        With ``anchor_df``, only documents sharing at least one key held by at most
        ``anchor_df`` documents are counted (the commoner keys' postings are then only
        checked against those, which bounds the work of a query on a large index).
        """
        self.refresh()
        keys = doc_keys(fingerprints)
        sources = [(s.postings, s.seq) for s in self._segments]
        if self._buffer:
            sources.append((self._sorted_buffer(), self._next_seq))
        runs = [(p, seq, *lookup(p, keys)) for p, seq in sources]
        df = sum((r[3] for r in runs), np.zeros(keys.shape[0], dtype=np.int64))
        rare = (df <= max_df) & (df > 0)
        if anchor_df is None or anchor_df >= max_df:
            return count_shared(self._gather(runs, rare), before, exclude)
        anchors = rare & (df <= anchor_df)
        held, common = self._gather(runs, anchors), self._gather(runs, rare & ~anchors)
        return count_anchored(held, common, before, exclude)

    def _gather(self, runs: list[Any], which: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """The live document keys of the postings of the keys ``which`` (one per key held)."""
        found = []
        for postings, seq, lo, count in runs:
            docs = gather(postings, lo[which], count[which])
            found.append(docs[self._alive_mask(docs, seq)])
        return np.concatenate(found) if found else np.zeros(0, np.int64)

    def shared(
        self, fingerprints: npt.NDArray[np.uint64], max_df: int, before: int | None = None,
        anchor_df: int | None = None,
    ) -> dict[int, int]:
        """:meth:`query` as ``{doc: shared keys}``."""
        docs, counts = self.query(fingerprints, max_df, before, anchor_df=anchor_df)
        return dict(zip(docs.tolist(), counts.tolist(), strict=True))

    def live_docs(self) -> npt.NDArray[np.int64]:
        """Every indexed document key (buffered ones included), sorted."""
        parts = [s.docs[self._alive_mask(s.docs, s.seq)] for s in self._segments]
        parts.append(np.asarray(sorted(self._buffer), dtype=np.uint64))
        return np.unique(np.concatenate(parts)).astype(np.int64)

    def stats(self) -> dict[str, int]:
        """Segments, postings, tombstones, buffered documents and bytes on disk."""
        size = 0
        if self.directory is not None:
            size = sum(e.stat().st_size for e in self.directory.iterdir() if e.is_file())
        return {
            "segments": len(self._segments),
            "postings": int(sum(s.postings.shape[0] for s in self._segments)),
            "tombstones": int(self._tomb_docs.shape[0]),
            "buffered_docs": len(self._buffer),
            "bytes": size,
        }
