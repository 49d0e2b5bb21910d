"""The candidate index contract."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newstrace.index.config import IndexConfig

__all__ = ["CandidateIndex", "MemoryIndex", "fewest_shared", "needed_shared", "select_candidates"]


def needed_shared(config: IndexConfig, query_keys: int | None = None) -> int:
    """Shared keys a candidate needs: ``min_shared``, fewer for a short query.

    A query with few keys (a short article or quote) needs a quarter of them, but at least
    two: a 20-word quote holds about nine sampled keys.
    """
    if query_keys is None:
        return config.min_shared
    return min(config.min_shared, max(2, query_keys // 4))


def fewest_shared(config: IndexConfig) -> int:
    """The fewest shared keys :func:`needed_shared` asks of any query: a pair sharing fewer
    is never a candidate (the Spark job drops such pairs before it selects)."""
    return min(config.min_shared, 2)


def select_candidates(
    shared: dict[int, int], config: IndexConfig, exclude: int | None = None, query_keys: int | None = None
) -> list[tuple[int, int]]:
    """Documents sharing at least :func:`needed_shared` fingerprints, most shared first.

    ``query_keys`` is how many fingerprints the query had (``None``: apply ``min_shared``).
    """
    need = needed_shared(config, query_keys)
    keep = [(doc, n) for doc, n in shared.items() if n >= need and doc != exclude]
    keep.sort(key=lambda x: (-x[1], x[0]))
    return keep


class CandidateIndex(Protocol):
    """Proposes documents that may share a passage with a query, without all pairs."""

    def add(self, doc: int, hashes: npt.NDArray[np.uint64]) -> None:
        """Index document ``doc`` (an internal integer key) under its fingerprints."""

    def remove(self, doc: int) -> None:
        """Forget document ``doc``."""

    def query(self, hashes: npt.NDArray[np.uint64], before: int | None = None) -> list[tuple[int, int]]:
        """``(doc, shared fingerprints)`` of candidates, optionally only docs ``< before``."""


class MemoryIndex:
    """An in-memory inverted index (for tests and one-off comparisons)."""

    def __init__(self, config: IndexConfig | None = None) -> None:
        self.config = config or IndexConfig()
        self._postings: dict[int, set[int]] = {}
        self._docs: dict[int, npt.NDArray[np.uint64]] = {}

    def add(self, doc: int, hashes: npt.NDArray[np.uint64]) -> None:
        self.remove(doc)
        self._docs[doc] = hashes
        for h in hashes.tolist():
            self._postings.setdefault(h, set()).add(doc)

    def remove(self, doc: int) -> None:
        for h in self._docs.pop(doc, np.zeros(0, dtype=np.uint64)).tolist():
            self._postings[h].discard(doc)

    def query(self, hashes: npt.NDArray[np.uint64], before: int | None = None) -> list[tuple[int, int]]:
        shared: dict[int, int] = {}
        for h in hashes.tolist():
            docs: Iterable[int] = self._postings.get(h, ())
            if len(self._postings.get(h, ())) > self.config.max_df:
                continue
            for d in docs:
                if before is None or d < before:
                    shared[d] = shared.get(d, 0) + 1
        return select_candidates(shared, self.config, query_keys=int(np.unique(hashes).shape[0]))
