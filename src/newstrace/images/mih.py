"""Multi-index hashing of PDQ hashes over NumPy arrays (exact up to Hamming distance 31).

A 256-bit hash is split into 16 chunks of 16 bits. Two hashes within distance 31 differ in at
most one bit on at least one chunk (pigeonhole), so probing, for every chunk, the bucket of
the query's chunk value and the 16 buckets one bit away finds every stored hash within 31
(multi-index hashing, Norouzi et al. 2012). A :class:`MihSegment` keeps, per chunk, a CSR
layout: ``offsets[c]`` (65,537 bucket bounds) into ``postings[c]`` (segment positions sorted
by chunk value). Probing is slicing; the exact distance of every candidate is computed
vectorised over four ``uint64`` words per hash. The arrays may be memory-mapped files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "CHUNKS",
    "MAX_RADIUS",
    "MihMatches",
    "MihSegment",
    "build_segment",
    "chunk_values",
    "hash_words",
    "merge_matches",
    "scan",
    "search",
]

CHUNKS = 16
_BUCKETS = 1 << 16
MAX_RADIUS = 2 * CHUNKS - 1
"""Largest distance the probes are exact for (16 chunks, one-bit neighbours)."""
_MASKS = np.array([0] + [1 << b for b in range(16)], dtype=np.uint16)

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


def hash_words(hashes: Sequence[bytes]) -> U64:
    """Hashes (32 bytes each) as an ``N x 4`` array of ``uint64`` words (bytes kept in order)."""
    if not hashes:
        return np.zeros((0, 4), dtype=np.uint64)
    return np.frombuffer(b"".join(hashes), dtype=np.uint64).reshape(len(hashes), 4).copy()


def chunk_values(words: U64) -> npt.NDArray[np.uint16]:
    """The 16 chunk values (big-endian 16-bit pieces of the hash bytes) of each hash: ``N x 16``."""
    raw = np.ascontiguousarray(words).view(np.uint8).reshape(len(words), 32)
    return raw.view(">u2").astype(np.uint16)


@dataclass(frozen=True, slots=True, eq=False)
class MihSegment:
    """An immutable block of indexed hashes.

    Attributes:
        rows: ``N`` int64 keys of the pictures (the store's row ids).
        words: ``N x 4`` uint64 hashes.
        quality: ``N`` uint8 PDQ qualities (0..100).
        offsets: ``16 x 65537`` uint32 bucket bounds per chunk.
        postings: ``16 x N`` uint32 positions sorted by each chunk's value.
    """

    rows: I64
    words: U64
    quality: npt.NDArray[np.uint8]
    offsets: npt.NDArray[np.uint32]
    postings: npt.NDArray[np.uint32]

    def __len__(self) -> int:
        return int(self.rows.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class MihMatches:
    """Stored hashes within the radius of a query: one entry per row, with its best variant."""

    rows: I64
    distances: I64
    variants: I64

    def __len__(self) -> int:
        return int(self.rows.shape[0])


def build_segment(rows: I64, words: U64, quality: npt.NDArray[np.uint8]) -> MihSegment:
    """Index ``N`` hashes (``rows``, ``words`` and ``quality`` aligned)."""
    n = len(rows)
    if n >= 1 << 32:
        raise ValueError("a segment holds fewer than 2**32 hashes")
    chunks = chunk_values(words)
    offsets = np.zeros((CHUNKS, _BUCKETS + 1), dtype=np.uint32)
    postings = np.empty((CHUNKS, n), dtype=np.uint32)
    for c in range(CHUNKS):
        column = chunks[:, c]
        postings[c] = np.argsort(column, kind="stable")
        offsets[c, 1:] = np.cumsum(np.bincount(column, minlength=_BUCKETS))
    return MihSegment(
        np.ascontiguousarray(rows, dtype=np.int64),
        np.ascontiguousarray(words, dtype=np.uint64),
        np.ascontiguousarray(quality, dtype=np.uint8),
        offsets,
        postings,
    )


def _best(rows: I64, distances: I64, variants: I64) -> MihMatches:
    """One entry per row: the smallest distance, then the first variant."""
    if len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return MihMatches(empty, empty, empty)
    order = np.lexsort((variants, distances, rows))
    rows, distances, variants = rows[order], distances[order], variants[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    return MihMatches(rows[first], distances[first].astype(np.int64), variants[first].astype(np.int64))


def search(segment: MihSegment, query: U64, radius: int, min_quality: int = 0) -> MihMatches:
    """Stored hashes within ``radius`` (<= 31) of any of the ``V`` query hashes (``V x 4``).

    Exact: returns the same set as :func:`scan` over the segment.
    """
    if not 0 <= radius <= MAX_RADIUS:
        raise ValueError(f"radius must be 0..{MAX_RADIUS} (the probes are exact up to it), not {radius}")
    n = len(segment)
    if n == 0 or len(query) == 0:
        return _best(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    v = len(query)
    probes = chunk_values(query)[:, :, None] ^ _MASKS[None, None, :]  # V x 16 x 17
    chunk = np.broadcast_to(np.arange(CHUNKS)[None, :, None], probes.shape)
    starts = segment.offsets[chunk, probes].astype(np.int64).ravel()
    lengths = segment.offsets[chunk, probes.astype(np.int64) + 1].astype(np.int64).ravel() - starts
    total = int(lengths.sum())
    if total == 0:
        return _best(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    flat_starts = starts + chunk.ravel().astype(np.int64) * n
    ends = np.cumsum(lengths)
    index = np.repeat(flat_starts - (ends - lengths), lengths) + np.arange(total, dtype=np.int64)
    positions = np.asarray(segment.postings.reshape(-1)[index], dtype=np.int64)
    variant = np.repeat(np.repeat(np.arange(v, dtype=np.int64), CHUNKS * len(_MASKS)), lengths)
    distances = np.bitwise_count(segment.words[positions] ^ query[variant]).sum(axis=1, dtype=np.int64)
    keep = (distances <= radius) & (segment.quality[positions] >= min_quality)
    return _best(segment.rows[positions[keep]], distances[keep], variant[keep])


def scan(
    rows: I64, words: U64, quality: npt.NDArray[np.uint8], query: U64, radius: int, min_quality: int = 0
) -> MihMatches:
    """The same answer as :func:`search` by comparing with every hash (small tails, tests)."""
    if len(rows) == 0 or len(query) == 0:
        return _best(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    distances = np.bitwise_count(words[None, :, :] ^ query[:, None, :]).sum(axis=2, dtype=np.int64)  # V x N
    variant = distances.argmin(axis=0)
    best = distances.min(axis=0)
    keep = (best <= radius) & (quality >= min_quality)
    return MihMatches(np.asarray(rows[keep], np.int64), best[keep], variant[keep].astype(np.int64))


def merge_matches(parts: Sequence[MihMatches]) -> MihMatches:
    """Matches of several segments as one (a row seen twice keeps its best entry)."""
    if not parts:
        return _best(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    return _best(
        np.concatenate([p.rows for p in parts]),
        np.concatenate([p.distances for p in parts]),
        np.concatenate([p.variants for p in parts]),
    )
