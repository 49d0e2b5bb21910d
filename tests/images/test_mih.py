"""The NumPy multi-index: exactly the hashes within the radius, the same as a full scan."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.images.mih import (
    MAX_RADIUS,
    build_segment,
    chunk_values,
    hash_words,
    merge_matches,
    scan,
    search,
)


def _flip(words: np.ndarray, bits: list[int]) -> np.ndarray:
    raw = bytearray(words.tobytes())
    for b in bits:
        raw[b // 8] ^= 0x80 >> (b % 8)
    return np.frombuffer(bytes(raw), np.uint64).reshape(1, 4)


def _brute(
    words: np.ndarray, quality: np.ndarray, query: np.ndarray, radius: int, min_q: int
) -> dict[int, int]:
    """Row -> best distance, by Python integers (independent of the vectorised code)."""
    out: dict[int, int] = {}
    qs = [int.from_bytes(q.tobytes(), "big") for q in query]
    for i, w in enumerate(words):
        value = int.from_bytes(w.tobytes(), "big")
        d = min((value ^ q).bit_count() for q in qs)
        if d <= radius and quality[i] >= min_q:
            out[100 + i] = d
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    near=st.lists(st.tuples(st.integers(0, 299), st.sets(st.integers(0, 255), max_size=40)), max_size=12),
    variants=st.integers(1, 8),
    radius=st.integers(0, MAX_RADIUS),
)
def test_search_returns_exactly_the_hashes_within_the_radius(seed, n, near, variants, radius):
    rng = np.random.default_rng(seed)
    query = rng.integers(0, 2**64 - 1, (variants, 4), dtype=np.uint64, endpoint=True)
    words = rng.integers(0, 2**64 - 1, (n, 4), dtype=np.uint64, endpoint=True)
    for row, flips in near:  # plant hashes at chosen distances from some query variant
        words[row % n] = _flip(query[row % variants], sorted(flips))[0]
    quality = rng.integers(0, 101, n).astype(np.uint8)
    rows = np.arange(100, 100 + n, dtype=np.int64)
    segment = build_segment(rows, words, quality)
    found = search(segment, query, radius, min_quality=50)
    expected = _brute(words, quality, query, radius, 50)
    assert dict(zip(found.rows.tolist(), found.distances.tolist(), strict=True)) == expected
    scanned = scan(rows, words, quality, query, radius, 50)
    assert found.rows.tolist() == sorted(scanned.rows.tolist())
    order = np.argsort(scanned.rows)
    assert found.variants.tolist() == scanned.variants[order].tolist()


def test_every_flip_pattern_up_to_31_bits_is_found():
    rng = np.random.default_rng(1)
    query = rng.integers(0, 2**64 - 1, (1, 4), dtype=np.uint64, endpoint=True)
    worst = [16 * c + b for c in range(16) for b in (0, 1)][:31]  # two bits in 15 chunks, one in the last
    words = np.concatenate([_flip(query[0], worst), _flip(query[0], [*worst, 255])])
    segment = build_segment(np.array([1, 2], np.int64), words, np.full(2, 100, np.uint8))
    found = search(segment, query, MAX_RADIUS)
    assert found.rows.tolist() == [1] and found.distances.tolist() == [31]


def test_chunks_are_big_endian_pieces_of_the_bytes():
    words = hash_words([bytes(range(32))])
    assert chunk_values(words)[0, :2].tolist() == [0x0001, 0x0203]


def test_merge_keeps_the_best_entry_per_row_and_radius_is_checked():
    a = scan(
        np.array([5], np.int64),
        np.zeros((1, 4), np.uint64),
        np.full(1, 90, np.uint8),
        np.zeros((1, 4), np.uint64),
        3,
    )
    segment = build_segment(
        np.array([5], np.int64), _flip(np.zeros(4, np.uint64), [0, 1]), np.full(1, 90, np.uint8)
    )
    b = search(segment, np.zeros((1, 4), np.uint64), 3)
    merged = merge_matches([b, a])
    assert merged.rows.tolist() == [5] and merged.distances.tolist() == [0]
    with pytest.raises(ValueError, match="radius"):
        search(segment, np.zeros((1, 4), np.uint64), 32)
