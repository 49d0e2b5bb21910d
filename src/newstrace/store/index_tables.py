"""The store's side of the candidate index: the folder beside the file and its bookkeeping.

A mixin of :class:`~newstrace.store.sqlite.SQLiteStore`, kept apart to keep modules small. The
index (:class:`~newstrace.index.segments.SegmentIndex`) lives in ``<db>.index/``; a document's
segment is durable before its ``indexed`` flag is set, and one process at a time writes it.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.index.segments import SegmentIndex

__all__ = ["CandidateIndexTables"]


class CandidateIndexTables:
    """Index the store's documents, count shared keys, keep the index and the store in step."""

    path: str
    index: SegmentIndex
    _conn: sqlite3.Connection
    _uncommitted: list[int]
    _writer_depth: int

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by SQLiteStore

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Be the only process writing the store's candidate index (re-entrant in a process).

        SQLite serialises the database's writes itself, but the index beside it is a folder of
        files: a second ingest, update or delete into the same store waits here until the
        first is done, then continues from the index as the first left it.
        """
        if self._writer_depth or self.index_path is None:
            self._writer_depth += 1
            try:
                yield
            finally:
                self._writer_depth -= 1
            return
        fd = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self.index.refresh()
            self._writer_depth = 1
            yield
        finally:
            self._writer_depth = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def index_path(self) -> Path | None:
        """The folder of the candidate index (``<db>.index``), ``None`` for ``:memory:``."""
        return None if self.path == ":memory:" else Path(self.path + ".index")

    def index_documents(self, items: Sequence[tuple[int, npt.NDArray[np.uint64]]]) -> None:
        """Add documents' fingerprints to the index; they count as indexed after :meth:`commit_index`.

        The index buffers them in memory and writes a segment when the buffer is full; call
        :meth:`commit_index` when done (an interrupted run indexes the uncommitted ones again).
        """
        for key, hashes in items:
            self.index.add(key, hashes)
            self._uncommitted.append(key)

    def commit_index(self) -> None:
        """Make the indexed documents durable, then mark them indexed (one transaction)."""
        self.index.flush()
        keys, self._uncommitted = self._uncommitted, []
        with self.transaction() as conn:
            conn.executemany("UPDATE documents SET indexed = 1 WHERE rowid = ?", ((k,) for k in keys))

    def compact_index_after_bulk(self, added: int) -> bool:
        """Merge the index into one segment when ``added`` documents were at least half of
        it (:meth:`SegmentIndex.compact_after_bulk`); returns whether it did."""
        return self.index.compact_after_bulk(added)

    def add_postings(self, key: int, hashes: npt.NDArray[np.uint64]) -> None:
        """Index one document under its fingerprints and mark it indexed."""
        self.index_documents([(key, hashes)])
        self.commit_index()

    def shared_counts(
        self,
        hashes: npt.NDArray[np.uint64],
        max_df: int,
        before: int | None = None,
        anchor_df: int | None = None,
    ) -> dict[int, int]:
        """For each indexed document, how many of ``hashes`` it holds (rare ones only; with
        ``anchor_df``, only documents holding one held by at most that many documents)."""
        return self.index.shared(hashes, max_df, before, anchor_df)

    def use_index_scheme(self, scheme: str) -> bool:
        """Make sure the index holds keys of ``scheme``; if not, clear it and queue every document.

        Returns ``True`` when the index had to be cleared.
        """
        if self.index.scheme in (None, scheme):
            self.index.set_scheme(scheme)
            return False
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET indexed = 0")
        self.index.clear()
        self.index.set_scheme(scheme)
        self.index.flush()
        return True

    def reconcile_index(self) -> tuple[int, int]:
        """Repair disagreement between the store and the index after a crash or a lost folder.

        Documents marked indexed but missing from the index are queued again; index entries
        of documents the store no longer holds are removed. Returns both counts.
        """
        live = self.index.live_docs()
        missing = np.setdiff1d(self._keys("WHERE indexed = 1"), live)
        stray = np.setdiff1d(live, self._keys(""))
        for key in stray.tolist():
            self.index.remove(key)
        if stray.shape[0]:
            self.index.flush()
        if missing.shape[0]:
            with self.transaction() as conn:
                conn.executemany(
                    "UPDATE documents SET indexed = 0 WHERE rowid = ?", ((k,) for k in missing.tolist())
                )
        return int(missing.shape[0]), int(stray.shape[0])

    def _keys(self, where: str) -> npt.NDArray[np.int64]:
        rows = self._conn.execute(f"SELECT rowid FROM documents {where}")
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def _index_problems(self) -> list[str]:
        live, marked = self.index.live_docs(), self._keys("WHERE indexed = 1")
        problems = []
        # entries of stored documents not yet marked indexed are the index running ahead of
        # the flags (a kill between a segment write and the marking): the next ingest
        # indexes those documents again, replacing the entries, so they are no problem
        missing, stray = np.setdiff1d(marked, live), np.setdiff1d(live, self._keys(""))
        if missing.shape[0]:
            problems.append(f"candidate index: {missing.shape[0]} indexed documents missing (rerun ingest)")
        if stray.shape[0]:
            problems.append(f"candidate index: {stray.shape[0]} entries of documents the store does not hold")
        return problems
