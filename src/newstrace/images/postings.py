"""The visual-word inverted index over NumPy arrays: the candidate route for crops.

A :class:`WordPostings` block is CSR: ``keys`` (the distinct words, sorted), ``offsets`` into
``postings`` (positions of the block's pictures holding each word, ascending). Looking a word
up is a binary search and a slice; scoring a query is one gather and two ``bincount`` calls,
so the arrays may be memory-mapped files (``newstrace.store.pdq_index`` keeps them on disk
beside the PDQ multi-index). The word statistics and the IDF weights are the caller's: they
add up over several blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "WordPostings",
    "WordVotes",
    "build_postings",
    "frequencies",
    "pairs",
    "rank_votes",
    "vote",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U32 = npt.NDArray[np.uint32]


@dataclass(frozen=True, slots=True, eq=False)
class WordPostings:
    """Which pictures of a block hold which words.

    Attributes:
        keys: ``U`` distinct words (uint32, sorted).
        offsets: ``U + 1`` int64 bounds of each word's postings.
        postings: positions (uint32, into the block's rows) grouped by word, ascending.
    """

    keys: U32
    offsets: I64
    postings: U32

    def __len__(self) -> int:
        return int(self.postings.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class WordVotes:
    """Pictures sharing enough words with a query: positions, IDF-weighted scores, word counts."""

    positions: I64
    scores: F64
    votes: I64


def build_postings(positions: npt.NDArray[np.integer], words: npt.NDArray[np.integer]) -> WordPostings:
    """Index ``(position, word)`` pairs; pairs given in ascending position stay in that order.

    Words are below ``2**32`` (``ImageConfig.word_bits`` <= 30), positions too (a block
    holds fewer than ``2**32`` pictures).
    """
    words = np.asarray(words, dtype=np.uint32)
    if len(words) == 0:
        return WordPostings(np.zeros(0, np.uint32), np.zeros(1, np.int64), np.zeros(0, np.uint32))
    order = np.argsort(words, kind="stable")
    ordered = words[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    offsets = np.concatenate((starts, [len(ordered)])).astype(np.int64)
    postings = np.asarray(positions).astype(np.uint32, copy=False)[order]
    return WordPostings(np.ascontiguousarray(ordered[starts]), offsets, postings)


def pairs(block: WordPostings) -> tuple[U32, U32]:
    """The ``(position, word)`` pairs of a block, grouped by word (for merging blocks)."""
    counts = np.diff(block.offsets)
    return np.asarray(block.postings), np.repeat(np.asarray(block.keys), counts)


def _bounds(block: WordPostings, words: I64) -> tuple[I64, I64]:
    """Start and length of each word's postings (length 0 for words the block lacks)."""
    keys = np.asarray(block.keys)
    if len(keys) == 0 or len(words) == 0:
        return np.zeros(len(words), np.int64), np.zeros(len(words), np.int64)
    at = np.minimum(np.searchsorted(keys, words), len(keys) - 1)
    found = keys[at] == words
    starts = np.asarray(block.offsets[at], dtype=np.int64)
    lengths = np.where(found, np.asarray(block.offsets[at + 1], dtype=np.int64) - starts, 0)
    return starts, lengths


def frequencies(block: WordPostings, words: I64) -> I64:
    """How many pictures of the block hold each of ``words`` (distinct, any order)."""
    return _bounds(block, words)[1]


def vote(block: WordPostings, size: int, words: I64, weights: F64, min_votes: int) -> WordVotes:
    """Pictures of a block (of ``size`` pictures) holding at least ``min_votes`` of ``words``.

    Each picture scores the sum of the ``weights`` of the words it holds; words of weight 0
    are not read.
    """
    used = weights > 0
    starts, lengths = _bounds(block, words[used])
    total = int(lengths.sum())
    if total == 0:
        return WordVotes(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.int64))
    ends = np.cumsum(lengths)
    index = np.repeat(starts - (ends - lengths), lengths) + np.arange(total, dtype=np.int64)
    positions = np.asarray(block.postings[index], dtype=np.int64)
    weight = np.repeat(weights[used], lengths)
    if 16 * total < size:  # few postings: sort them rather than count over the whole block
        held, inverse = np.unique(positions, return_inverse=True)
        scores = np.bincount(inverse, weights=weight)
        votes = np.bincount(inverse)
    else:
        held = np.arange(size, dtype=np.int64)
        scores = np.bincount(positions, weights=weight, minlength=size)
        votes = np.bincount(positions, minlength=size)
    keep = votes >= max(1, min_votes)
    return WordVotes(held[keep], np.asarray(scores[keep], np.float64), votes[keep].astype(np.int64))


def rank_votes(rows: Sequence[I64], parts: Sequence[WordVotes]) -> tuple[I64, F64]:
    """Rows and scores of several blocks' votes, best first (``rows[i]`` maps block ``i``).

    Highest score first, ties by row; a row found in two blocks keeps its best score.
    """
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    keys = np.concatenate(
        [np.asarray(r, dtype=np.int64)[p.positions] for r, p in zip(rows, parts, strict=True)]
    )
    scores = np.concatenate([p.scores for p in parts])
    order = np.lexsort((keys, -scores))
    keys, scores = keys[order], scores[order]
    _, first = np.unique(keys, return_index=True)
    best = np.sort(first)
    return keys[best], scores[best]
