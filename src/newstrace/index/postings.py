"""Postings arrays: the pure, vectorised core of the inverted index.

A posting is one ``uint64``: the top 32 bits of a fingerprint (the *key*) above a 32-bit
document key. A sorted array of postings is an inverted index: the postings of one key are a
contiguous run found with two binary searches, and merging, deleting and counting are
NumPy array operations (no per-posting Python loop).

Truncating fingerprints to 32 bits makes unrelated n-grams collide now and then (about
``distinct keys / 2**32`` of lookups hit a stranger); such collisions add a stray shared
key to a document pair, which the ``min_shared`` rule absorbs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "DOC_MASK",
    "MAX_DOC",
    "Postings",
    "count_anchored",
    "count_shared",
    "doc_keys",
    "gather",
    "lookup",
    "merge_postings",
    "pack",
]

Postings = npt.NDArray[np.uint64]
MAX_DOC = 2**32 - 1
DOC_MASK = np.uint64(MAX_DOC)
_SHIFT = np.uint64(32)


def doc_keys(fingerprints: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The 32-bit index keys of fingerprints (their top bits; sampling fixed the low ones)."""
    return np.unique(np.asarray(fingerprints, dtype=np.uint64) >> _SHIFT)


def pack(doc: int, fingerprints: npt.NDArray[np.uint64]) -> Postings:
    """A document's postings, sorted."""
    if not 0 <= doc <= MAX_DOC:
        raise ValueError(f"document key {doc} does not fit the index (0..{MAX_DOC})")
    return (doc_keys(fingerprints) << _SHIFT) | np.uint64(doc)


def merge_postings(parts: list[Postings], dead: npt.NDArray[np.uint64] | None = None) -> Postings:
    """One sorted postings array from several, without the postings of ``dead`` documents."""
    merged = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    if dead is not None and dead.shape[0] and merged.shape[0]:
        merged = merged[~np.isin(merged & DOC_MASK, dead)]
    merged.sort(kind="stable")
    return merged


def lookup(
    postings: Postings, keys: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """First index and count of each key's run in sorted ``postings``."""
    lo = np.searchsorted(postings, keys << _SHIFT, side="left")
    hi = np.searchsorted(postings, (keys << _SHIFT) | DOC_MASK, side="right")
    return lo.astype(np.int64), (hi - lo).astype(np.int64)


def gather(
    postings: Postings, lo: npt.NDArray[np.int64], count: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Document keys of the runs ``[lo, lo + count)``, concatenated."""
    total = int(count.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(lo - (np.cumsum(count) - count), count)
    idx = starts + np.arange(total, dtype=np.int64)
    return (postings[idx] & DOC_MASK).astype(np.int64)


def count_shared(
    docs: npt.NDArray[np.int64], before: int | None = None, exclude: int | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct documents in ``docs`` (one entry per shared key) and how often each occurs."""
    if before is not None:
        docs = docs[docs < before]
    if exclude is not None:
        docs = docs[docs != exclude]
    if docs.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    top = int(docs.max()) + 1
    if top <= _DENSE_RATIO * docs.shape[0]:  # a counting array beats a sort
        tally = np.bincount(docs, minlength=top)
        uniq = np.flatnonzero(tally)
        return uniq.astype(np.int64), tally[uniq].astype(np.int64)
    uniq, counts = np.unique(docs, return_counts=True)
    return uniq.astype(np.int64), counts.astype(np.int64)


# A counting array when the document keys span at most this many times the entries counted:
# scanning it then costs less than sorting them. (With a fixed floor of 4M keys instead, a
# 1M-document index scanned an 8 MB array for the ~100k entries of each query: 2.7 ms.)
_DENSE_RATIO = 16


def count_anchored(
    held: npt.NDArray[np.int64],
    common: npt.NDArray[np.int64],
    before: int | None = None,
    exclude: int | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """:func:`count_shared` over anchor keys' documents ``held`` and commoner keys' ``common``,
    for the documents that hold at least one anchor only."""
    anchored = np.unique(held if before is None else held[held < before])
    if anchored.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    at = np.searchsorted(anchored, common).clip(0, anchored.shape[0] - 1)  # sorted membership
    return count_shared(np.concatenate([held, common[anchored[at] == common]]), before, exclude)
