"""PDQ hashes and their flip/rotation variants."""

from __future__ import annotations

import numpy as np

from newstrace.images.pdq import (
    VARIANTS,
    hamming,
    hamming_many,
    pdq_hash,
    pdq_variants,
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
