"""The visual-word inverted index: CSR blocks agree with a brute-force count."""

from __future__ import annotations

import math

import numpy as np

from newstrace.images.postings import build_postings, frequencies, pairs, rank_votes, vote


def _pictures(seed: int, n: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [np.unique(rng.integers(0, 64, int(rng.integers(0, 12)))) for _ in range(n)]


def _block(pictures: list[np.ndarray]):
    positions = np.repeat(np.arange(len(pictures)), [len(p) for p in pictures])
    return build_postings(positions, np.concatenate(pictures))


def test_frequencies_and_pairs_round_trip():
    pictures = _pictures(1, 40)
    block = _block(pictures)
    query = np.arange(-2, 70, dtype=np.int64)
    expected = [sum(int(w in p) for p in pictures) for w in query]
    assert frequencies(block, query).tolist() == expected
    positions, words = pairs(block)
    assert sorted(zip(positions.tolist(), words.tolist(), strict=True)) == sorted(
        (i, int(w)) for i, p in enumerate(pictures) for w in p
    )


def test_votes_match_a_brute_force_count_on_both_paths():
    pictures = _pictures(2, 300)
    block = _block(pictures)
    query = np.array([1, 3, 5, 8, 13, 21, 34, 55], np.int64)
    weights = np.array([1.0, 0.0, 2.0, 0.5, 1.0, 1.0, 3.0, 1.0])
    expected = {}
    for i, p in enumerate(pictures):
        held = [k for k, w in enumerate(query) if w in p and weights[k] > 0]
        if len(held) >= 2:
            expected[i] = sum(weights[k] for k in held)
    for size in (len(pictures), 100 * len(pictures)):  # bincount path, then the sorting path
        got = vote(block, size, query, weights, 2)
        assert dict(zip(got.positions.tolist(), got.scores.tolist(), strict=True)) == expected


def test_rank_votes_orders_by_score_then_row_and_keeps_a_rows_best():
    a = _block([np.array([1, 2]), np.array([1, 2, 3])])
    b = _block([np.array([1, 2, 3])])
    words, weights = np.array([1, 2, 3], np.int64), np.array([1.0, 1.0, math.e])
    rows, scores = rank_votes(
        [np.array([10, 11]), np.array([11])], [vote(a, 2, words, weights, 1), vote(b, 1, words, weights, 1)]
    )
    assert rows.tolist() == [11, 10]
    assert scores.tolist() == [2 + math.e, 2.0]

