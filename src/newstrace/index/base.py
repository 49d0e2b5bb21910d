"""The candidate index contract."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newstrace.index.config import IndexConfig

__all__ = ["CandidateIndex", "MemoryIndex", "select_candidates"]


def select_candidates(
    shared: dict[int, int], config: IndexConfig, exclude: int | None = None
) -> list[tuple[int, int]]:
    """Documents sharing at least ``min_shared`` fingerprints, most shared first."""
    keep = [(doc, n) for doc, n in shared.items() if n >= config.min_shared and doc != exclude]
    keep.sort(key=lambda x: (-x[1], x[0]))
    return keep


class CandidateIndex(Protocol):
    """Proposes documents that may share a passage with a query, without all pairs."""

    def add(self, doc: int, hashes: npt.NDArray[np.uint64]) -> None:
        """Index document ``doc`` (an internal integer key) under its fingerprints."""

    def remove(self, doc: int) -> None:
        """Forget document ``doc``."""

    def query(
        self, hashes: npt.NDArray[np.uint64], before: int | None = None
    ) -> list[tuple[int, int]]:
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

    def query(
        self, hashes: npt.NDArray[np.uint64], before: int | None = None
    ) -> list[tuple[int, int]]:
        shared: dict[int, int] = {}
        for h in hashes.tolist():
            docs: Iterable[int] = self._postings.get(h, ())
            if len(self._postings.get(h, ())) > self.config.max_df:
                continue
            for d in docs:
                if before is None or d < before:
                    shared[d] = shared.get(d, 0) + 1
        return select_candidates(shared, self.config)
