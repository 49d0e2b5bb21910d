"""Local features, their storage form, visual words, and the geometric check."""

from __future__ import annotations

import numpy as np

from newstrace.images import ImageConfig, LocalFeatures, edits, extract_features, verify, visual_words

CFG = ImageConfig()


def test_storage_form_round_trips(photos):
    f = extract_features(photos["astronaut"], CFG)
    back = LocalFeatures.from_bytes(f.to_bytes())
    assert 50 < len(f) <= CFG.max_features
    assert np.array_equal(back.points, f.points) and np.array_equal(back.descriptors, f.descriptors)
    assert (back.width, back.height) == (f.width, f.height)


def test_a_crop_shares_more_words_than_an_unrelated_photo(photos):
    words = {n: set(visual_words(extract_features(p, CFG), CFG).tolist()) for n, p in photos.items()}
    cropped = set(visual_words(extract_features(edits.crop(photos["chelsea"], 0.2, 1), CFG), CFG).tolist())
    shared_true = len(cropped & words["chelsea"])
    shared_other = max(len(cropped & w) for n, w in words.items() if n != "chelsea")
    assert shared_true > 3 * max(1, shared_other)
    assert visual_words(extract_features(photos["chelsea"], CFG), CFG).tolist() == sorted(words["chelsea"])


def test_verify_accepts_crops_and_captions_rejects_unrelated(photos):
    stored = extract_features(photos["astronaut"], CFG)
    for edited in (
        edits.crop(photos["astronaut"], 0.3, 2),
        edits.caption(photos["astronaut"]),
        edits.border(photos["astronaut"]),
    ):
        assert verify(extract_features(edited, CFG), stored, CFG).ok
    for other in ("camera", "chelsea", "coffee", "rocket"):
        check = verify(extract_features(photos[other], CFG), stored, CFG)
        assert not check.ok and check.inliers < CFG.min_inliers


def test_verify_needs_features():
    empty = LocalFeatures(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), 10, 10)
    assert not verify(empty, empty, CFG).ok
