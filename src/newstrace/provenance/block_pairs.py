"""The sparse graph of story blocking, as NumPy arrays: shared block keys and components.

A large corpus has millions of documents and tens of millions of pairs sharing a name, so
nothing here holds a Python object per pair. Documents are dense positions ``0 .. n - 1``
into the sorted document keys; pairs are parallel arrays.

Shared keys are counted one slice of *first* documents at a time: every pair ``(a, b)``,
``a < b``, is produced only while ``a``'s slice is counted, so a pair's count is complete
within its slice, and the pairs sharing fewer than ``min_shared`` keys are dropped before
the next slice. Memory follows the pairs kept, never every pair that shares one key.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["SharedPairs", "component_labels", "kept_postings", "shared_pairs"]

Ints = npt.NDArray[np.int64]

_SLICE_PAIRS = 8_000_000  # pair instances counted at once (about 200 MB of work arrays)


@dataclass(frozen=True, slots=True)
class SharedPairs:
    """Pairs of documents sharing block keys: ``docs[a[i]] < docs[b[i]]`` share ``shared[i]``."""

    docs: Ints  # the document keys, sorted
    a: Ints
    b: Ints
    shared: Ints

    def counter(self) -> Counter[tuple[int, int]]:
        """The pairs as ``Counter({(doc key a, doc key b): shared})`` (for small inputs)."""
        lows, highs = self.docs[self.a].tolist(), self.docs[self.b].tolist()
        return Counter(dict(zip(zip(lows, highs, strict=True), self.shared.tolist(), strict=True)))


def kept_postings(
    keys: Mapping[int, Iterable[int]], max_key_df: int, max_keys: int
) -> tuple[Ints, Ints, Ints]:
    """``(docs, doc, key)``: the sorted document keys, and the postings kept for blocking as
    positions into ``docs`` with dense key ids, sorted by key then document.

    A key is kept when 2 to ``max_key_df`` documents hold it; each document then keeps its
    ``max_keys`` rarest kept keys (fewest holders first, ties by key value): a story's
    distinctive names, and a bound on the pairs a document with many names can make.

    Two passes over the documents, ``_DOC_CHUNK`` at a time (the holders of every key, then
    each document's kept keys), so memory follows one chunk's postings and the distinct
    keys, not every posting: a million news-like articles carry 250M block keys.
    """
    docs = np.asarray(sorted(keys), dtype=np.int64)
    uniq, held = np.zeros(0, np.int64), np.zeros(0, np.int64)
    for lo in range(0, docs.shape[0], _DOC_CHUNK):
        _, values = _chunk(keys, docs, lo)
        u, c = np.unique(values, return_counts=True)
        uniq, held = _merge_counts(uniq, held, u, c.astype(np.int64))
    out_doc, out_key = [], []
    for lo in range(0, docs.shape[0], _DOC_CHUNK):
        doc, values = _chunk(keys, docs, lo)
        key = np.searchsorted(uniq, values)
        df = held[key]
        ok = (df >= 2) & (df <= max_key_df)
        doc, key, df, values = doc[ok], key[ok], df[ok], values[ok]
        order = np.lexsort((values, df, doc))  # per document: rarest first, ties by value
        doc, key = doc[order], key[order]
        rank = np.arange(doc.shape[0]) - np.searchsorted(doc, doc, side="left")
        out_doc.append(doc[rank < max_keys])
        out_key.append(key[rank < max_keys])
    doc = np.concatenate(out_doc) if out_doc else np.zeros(0, np.int64)
    key = np.concatenate(out_key) if out_key else np.zeros(0, np.int64)
    order = np.lexsort((doc, key))
    return docs, doc[order].astype(np.int64), key[order].astype(np.int64)


_DOC_CHUNK = 100_000  # documents whose block keys are gathered at once


def _chunk(keys: Mapping[int, Iterable[int]], docs: Ints, lo: int) -> tuple[Ints, Ints]:
    """Positions and distinct keys of the documents ``docs[lo : lo + _DOC_CHUNK]``."""
    found = [np.unique(np.asarray(list(keys[int(d)]), dtype=np.int64)) for d in docs[lo : lo + _DOC_CHUNK]]
    sizes = np.asarray([f.shape[0] for f in found], dtype=np.int64)
    doc = np.repeat(np.arange(lo, lo + sizes.shape[0], dtype=np.int64), sizes)
    return doc, np.concatenate(found) if found else np.zeros(0, np.int64)


def _merge_counts(u1: Ints, c1: Ints, u2: Ints, c2: Ints) -> tuple[Ints, Ints]:
    """Two sorted distinct-value arrays with counts, merged (a stable sort of two runs)."""
    values, counts = np.concatenate([u1, u2]), np.concatenate([c1, c2])
    order = np.argsort(values, kind="stable")
    values, counts = values[order], counts[order]
    first = np.concatenate([[True], values[1:] != values[:-1]]) if values.shape[0] else np.zeros(0, bool)
    group = np.cumsum(first) - 1
    return values[first], np.bincount(group, weights=counts, minlength=int(first.sum())).astype(np.int64)


def shared_pairs(
    keys: Mapping[int, Iterable[int]], max_key_df: int, max_keys: int, min_shared: int
) -> SharedPairs:
    """The pairs sharing at least ``min_shared`` kept keys (:func:`kept_postings`).

    Example:
        >>> pairs = shared_pairs({4: [1, 2, 3], 7: [1, 2], 9: [3]}, 10, 10, 1)
        >>> sorted(pairs.counter().items())
        [((4, 7), 2), ((4, 9), 1)]
    """
    docs, doc, key = kept_postings(keys, max_key_df, max_keys)
    n = docs.shape[0]
    # posting p (key-major, documents ascending within a key) pairs with the key's later holders
    ends = np.searchsorted(key, key, side="right")
    after = ends - np.arange(key.shape[0]) - 1
    by_doc = np.argsort(doc, kind="stable")  # the postings of each first document, together
    per_doc = np.bincount(doc, weights=after, minlength=n).astype(np.int64)
    firsts = np.concatenate([[0], np.cumsum(np.bincount(doc, minlength=n))])
    out_a, out_b, out_n = [], [], []
    bounds = _slices(per_doc)
    for lo, hi in itertools.pairwise(bounds):
        posts = by_doc[firsts[lo] : firsts[hi]]
        reps = after[posts]
        total = int(reps.sum())
        if total == 0:
            continue
        src = np.repeat(posts, reps)
        step = np.arange(total) - np.repeat(np.cumsum(reps) - reps, reps)
        codes = doc[src] * n + doc[src + 1 + step]
        uniq, counts = np.unique(codes, return_counts=True)
        good = counts >= min_shared
        out_a.append(uniq[good] // n)
        out_b.append(uniq[good] % n)
        out_n.append(counts[good].astype(np.int64))
    empty = np.zeros(0, np.int64)
    return SharedPairs(
        docs,
        np.concatenate(out_a) if out_a else empty,
        np.concatenate(out_b) if out_b else empty,
        np.concatenate(out_n) if out_n else empty,
    )


def _slices(per_doc: Ints) -> list[int]:
    """Boundaries of slices of first documents, each producing about ``_SLICE_PAIRS`` pairs."""
    n = per_doc.shape[0]
    cum = np.cumsum(per_doc)
    bounds = [0]
    while bounds[-1] < n:
        base = cum[bounds[-1] - 1] if bounds[-1] > 0 else 0
        nxt = int(np.searchsorted(cum, base + _SLICE_PAIRS, side="right"))
        bounds.append(min(n, max(nxt, bounds[-1] + 1)))
    return bounds


def component_labels(n: int, a: Ints, b: Ints, within: Ints, active: npt.NDArray[np.bool_]) -> Ints:
    """New labels: each ``active`` position takes the smallest position of its connected
    component over the edges ``a - b`` whose ends are active and share a ``within`` label;
    the others keep their ``within`` label.

    Example:
        >>> labels = np.zeros(5, np.int64)
        >>> active = np.ones(5, bool)
        >>> component_labels(5, np.array([1, 3]), np.array([4, 2]), labels, active).tolist()
        [0, 1, 2, 2, 1]
    """
    keep = active[a] & active[b] & (within[a] == within[b])
    a, b = a[keep], b[keep]
    graph = coo_matrix((np.ones(a.shape[0], np.int8), (a, b)), shape=(n, n)).tocsr()
    _, comp = connected_components(graph, directed=False)
    smallest = np.full(int(comp.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(smallest, comp, np.arange(n, dtype=np.int64))
    return np.where(active, smallest[comp], within)
