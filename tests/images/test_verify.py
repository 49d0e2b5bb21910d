"""The geometric check: real crops pass, matches piled on a few places are refused at once."""

from __future__ import annotations

import numpy as np

from newstrace.images import ImageConfig, edits, extract_features, verify
from newstrace.images.features import LocalFeatures


def test_a_crop_passes(photos):
    cfg = ImageConfig()
    crop = extract_features(edits.crop(photos["astronaut"], 0.2, 1), cfg, cfg.query_max_side)
    check = verify(crop, extract_features(photos["astronaut"], cfg), cfg)
    assert check.ok and check.inliers >= cfg.min_inliers


def test_matches_on_fewer_places_than_min_inliers_are_refused():
    cfg = ImageConfig()
    rng = np.random.default_rng(2)
    desc = rng.integers(0, 120, (40, 128), dtype=np.uint8)
    query = LocalFeatures(rng.uniform(0, 300, (40, 2)).astype(np.float32), desc, 320, 320)
    places = rng.uniform(0, 300, (5, 2)).astype(np.float32)
    piled = LocalFeatures(places[np.arange(40) % 5], desc.copy(), 320, 320)  # 40 keypoints, 5 places
    check = verify(query, piled, cfg)
    assert check.matches == 40 and (check.inliers, check.ok) == (0, False)
