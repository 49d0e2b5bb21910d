"""PDQ hashes, their flip/rotation variants, and the multi-index keys."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.images.pdq import (
    VARIANTS,
    hamming,
    hamming_many,
    mih_keys,
    pdq_hash,
    pdq_variants,
    probe_keys,
    transform,
)


def test_variants_are_in_the_documented_order(photos):
    img = photos["chelsea"]
    variants = pdq_variants(img)
    for name, variant in zip(VARIANTS, variants, strict=True):
        direct = pdq_hash(transform(img, name))
        others = [hamming(direct.bits, v.bits) for v in variants]
        assert int(np.argmin(others)) == VARIANTS.index(name), name
        assert hamming(direct.bits, variant.bits) <= 16


def test_recompressed_and_resized_stay_close_unrelated_far(photos):
    from newstrace.images import edits

    img = photos["coffee"]
    h = pdq_hash(img).bits
    assert hamming(h, pdq_hash(edits.jpeg(img, 30)).bits) <= 31
    assert hamming(h, pdq_hash(edits.resize(img, 0.5)).bits) <= 31
    assert hamming(h, pdq_hash(photos["astronaut"]).bits) > 64
    assert pdq_hash(img).quality >= 50


def test_hamming_many_agrees_with_hamming(photos):
    hashes = [pdq_hash(p).bits for p in photos.values()]
    assert hamming_many(hashes[0], hashes).tolist() == [hamming(hashes[0], h) for h in hashes]


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.sets(st.integers(0, 255), max_size=31))
def test_every_hash_within_31_bits_shares_a_probe_key(stored, flips):
    value = int.from_bytes(stored, "big")
    for bit in flips:
        value ^= 1 << bit
    query = value.to_bytes(32, "big")
    assert hamming(stored, query) == len(flips)
    assert set(mih_keys(stored)) & set(probe_keys(query))


def test_probe_keys_count():
    assert len(probe_keys(bytes(32))) == 16 * 17
    assert len(set(mih_keys(bytes(range(32))))) == 16
