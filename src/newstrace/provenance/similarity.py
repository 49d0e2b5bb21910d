"""Content similarity of articles: TF-IDF over canonical words, plus a names-and-numbers view.

Two articles about the same kind of event (two celebrities entering rehab, two earthquakes)
share most of their vocabulary; what tells the events apart are the names and figures. So
each article gets two TF-IDF vectors, one over all content words and one over capitalised
words that do not open a sentence and over numbers, and the similarity of two articles is a
weighted mean of the two cosines.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from newstrace.normalize import NormalizeConfig, Normalizer

__all__ = ["FeaturePair", "article_features", "similarity_pairs"]

FeaturePair = tuple[Counter[int], Counter[int]]
"""(all content words, names and numbers): canonical word id -> count."""

_OPENERS = frozenset(".!?\n\"'`“‘«")


@lru_cache(maxsize=2)
def _normalizer(config: NormalizeConfig) -> Normalizer:
    return Normalizer(config)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of a sentence (or of the text)."""
    pos = start - 1
    while pos >= 0 and text[pos] in " \t\r":
        pos -= 1
    return pos < 0 or text[pos] in _OPENERS


def article_features(text: str, config: NormalizeConfig | None = None) -> FeaturePair:
    """Count the canonical content words of ``text``, and separately its names and numbers.

    Example:
        >>> words, names = article_features("Tara Reid entered rehab. Reid is 33.")
        >>> len(words) > len(names) > 0
        True
    """
    tokens = _normalizer(config or NormalizeConfig()).normalize(text)
    words: Counter[int] = Counter()
    names: Counter[int] = Counter()
    for k in np.flatnonzero(tokens.content):
        key = int(tokens.ids[k])
        words[key] += 1
        start = int(tokens.starts[k])
        first = text[start]
        if first.isdigit() or (first.isupper() and not _opens_sentence(text, start)):
            names[key] += 1
    return words, names


def _tfidf(counts: Sequence[Counter[int]]) -> sp.csr_matrix:
    """Rows of L2-normalised TF-IDF weights (sublinear tf, smoothed idf, hapaxes dropped)."""
    n = len(counts)
    df: Counter[int] = Counter()
    for c in counts:
        df.update(c.keys())
    vocab = {term: i for i, term in enumerate(sorted(t for t, f in df.items() if f >= 2))}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for row, c in enumerate(counts):
        for term, tf in c.items():
            col = vocab.get(term)
            if col is None:
                continue
            rows.append(row)
            cols.append(col)
            vals.append((1.0 + math.log(tf)) * (math.log((1 + n) / (1 + df[term])) + 1.0))
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def similarity_pairs(
    features: Sequence[FeaturePair], names_weight: float, floor: float, neighbours: int | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Similarity of the pairs of articles that reach ``floor``, as ``(i, j, sim)``, i < j.

    ``sim = (1 - names_weight) * cos(words) + names_weight * cos(names)``. With
    ``neighbours``, a pair is kept only when one of its two articles has the other among its
    ``neighbours`` most similar articles (ties broken by index), so the number of pairs grows
    linearly with the corpus rather than with its square. Rows are multiplied a block at a
    time, so memory stays bounded by the pairs kept.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(features) < 2:
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    words = _tfidf([f[0] for f in features])
    names = _tfidf([f[1] for f in features])
    n = len(features)
    step = max(1, _PRODUCT_CELLS // n)
    parts = [
        _row_block(words, names, names_weight, floor, neighbours, start, min(n, start + step))
        for start in range(0, n, step)
    ]
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    sims = np.concatenate([p[2] for p in parts])
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    _, first = np.unique(lo * n + hi, return_index=True)  # a pair both ends kept: once
    return lo[first], hi[first], sims[first]


_PRODUCT_CELLS = 4_000_000  # row block x corpus cells multiplied at once (bounds memory)


def _row_block(
    words: sp.csr_matrix,
    names: sp.csr_matrix,
    names_weight: float,
    floor: float,
    neighbours: int | None,
    start: int,
    end: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Pairs ``(i, j, sim)`` with ``start <= i < end``, ``j != i``, ``sim >= floor``; with
    ``neighbours``, only each row's most similar ones (``j < i`` included, so a pair kept by
    either end survives)."""
    block = (1.0 - names_weight) * (words[start:end] @ words.T) + names_weight * (
        names[start:end] @ names.T
    )
    coo = sp.coo_matrix(block)
    rows = coo.row.astype(np.int64) + start
    cols = coo.col.astype(np.int64)
    keep = (coo.data >= floor) & (rows != cols) & (neighbours is not None or cols > rows)
    rows, cols, sims = rows[keep], cols[keep], coo.data[keep].astype(np.float64)
    if neighbours is None:
        return rows, cols, sims
    order = np.lexsort((cols, -sims, rows))  # by row, most similar first, ties by index
    rows, cols, sims = rows[order], cols[order], sims[order]
    first = np.searchsorted(rows, rows, side="left")
    rank = np.arange(rows.shape[0]) - first
    top = rank < neighbours
    return rows[top], cols[top], sims[top]
