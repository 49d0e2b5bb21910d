"""Video frames: shot cuts plus one frame per second; a freeze-frame found from a crop of a still."""

from __future__ import annotations

import numpy as np
import pytest

import newstrace
from newstrace.images import ImageConfig, edits, video_frames
from newstrace.images.video import is_cut
from tests.images.conftest import save, scene, write_video


@pytest.fixture(scope="module")
def clip(tmp_path_factory, photos):
    """1.5 s of scene A, 2 s freeze-frame of the cat photo, 1.5 s of scene B (10 fps)."""
    cat = photos["chelsea"][:264, :400]
    path = tmp_path_factory.mktemp("video") / "report-2016.mp4"
    return write_video(path, [(scene(11, cat.shape[:2]), 1.5), (cat, 2.0), (scene(12, cat.shape[:2]), 1.5)])


def test_cuts_and_one_frame_per_second(clip):
    frames = list(video_frames(clip, ImageConfig()))
    times = [f.time for f in frames]
    cuts = [round(f.time, 1) for f in frames if f.reason == "cut"]
    assert cuts == [0.0, 1.5, 3.5]
    assert times == sorted(times)
    for second in range(5):  # at least one frame in every second of the 5 s clip
        assert any(second <= t < second + 1 for t in times), second
    assert len(frames) < 12  # not every one of the 50 frames


def test_is_cut_threshold():
    a = np.zeros((36, 64), np.uint8)
    assert is_cut(None, a, 30)
    assert not is_cut(a, a + 10, 30)
    assert is_cut(a, a + 100, 30)


def test_freeze_frame_found_from_a_crop_of_the_still(clip, photos, tmp_path):
    with newstrace.open(tmp_path / "v.db") as corpus:
        report = corpus.index_images([str(clip)], date="2016-03-02")
        assert report.added >= 5 and report.failed == 0
        query = save(edits.caption(edits.crop(photos["chelsea"], 0.2, 4)), tmp_path / "proof.jpg", quality=85)
        result = corpus.query_image(query)
    assert result.matches
    first = result.matches[0].appearance
    assert first.kind == "frame" and first.source == str(clip) and first.first_seen == "2016-03-02"
    assert 1.5 <= first.video_time < 3.5  # inside the freeze-frame
    assert all(1.5 <= m.appearance.video_time < 3.5 for m in result.matches)


def test_not_a_video_is_one_problem(tmp_path):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 100)
    with newstrace.open(tmp_path / "v.db") as corpus:
        report = corpus.index_images([str(bad)])
    assert report.failed == 1 and str(bad) in str(report.problems[0])
