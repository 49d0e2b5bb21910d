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


def test_mirrored_keypoints_match_sift_on_mirrored_pixels(photos):
    from newstrace.images.features import mirror_features

    cfg = ImageConfig()
    for name in ("astronaut", "coffee"):
        img = photos[name]
        original = extract_features(img, cfg)
        for flipped in (img[:, ::-1], img[::-1], img.transpose(1, 0, 2)):
            rerun = extract_features(np.ascontiguousarray(flipped), cfg)
            derived = verify(mirror_features(original), rerun, cfg)
            assert derived.ok and derived.inliers >= 0.6 * len(original), name
            assert not verify(original, rerun, cfg).ok  # descriptors of a mirror differ


def test_ratio_matches_are_opencvs_knn_ratio_test(photos):
    import cv2

    from newstrace.images.verify import ratio_matches

    cfg = ImageConfig()
    a = extract_features(edits.EDITS["crop_20"](photos["chelsea"], 3), cfg)
    for other in ("chelsea", "camera"):
        b = extract_features(photos[other], cfg)
        pairs = cv2.BFMatcher(cv2.NORM_L2).knnMatch(
            a.descriptors.astype(np.float32), b.descriptors.astype(np.float32), k=2
        )
        good = [p[0] for p in pairs if p[0].distance < 0.75 * p[1].distance]
        expected = sorted((m.queryIdx, m.trainIdx) for m in good)
        qi, si = ratio_matches(a.descriptors, b.descriptors, 0.75)
        assert sorted(zip(qi.tolist(), si.tolist(), strict=True)) == expected
        assert (len(expected) > 100) == (other == "chelsea")
