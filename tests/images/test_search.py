"""Finding the original of an edited picture through the store, earliest appearance first."""

from __future__ import annotations

import pytest

import newstrace
from newstrace.images import ImageConfig, edits
from tests.images.conftest import GOLDEN, NAMES, save, scene


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The five photographs indexed as a 2016 folder, plus twenty synthetic distractors."""
    folder = tmp_path_factory.mktemp("pictures")
    for i in range(20):
        save(scene(100 + i), folder / f"distractor-{i:02d}.png")
    with newstrace.open(folder / "index.db") as c:
        report = c.index_images([str(GOLDEN / f"{n}.jpg") for n in NAMES], date="2016-05-01")
        assert report.added == 5 and report.ok
        c.index_images([str(folder)], date="2015-01-01")
        yield c, folder


EDITS = [
    "jpeg_q30",
    "resize_50",
    "brightness_30",
    "contrast",
    "mirror",
    "caption",
    "logo",
    "border",
    "screenshot",
    "crop_10",
    "crop_20",
    "crop_30",
    "chain",
]


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("name", ["astronaut", "chelsea"])
def test_an_edited_photo_finds_its_original(corpus, photos, tmp_path, name, edit):
    c, _ = corpus
    query = save(edits.EDITS[edit](photos[name], 7), tmp_path / "q.png")
    matches = c.query_image(query).matches
    assert [m.appearance.source for m in matches] == [str(GOLDEN / f"{name}.jpg")]
    match = matches[0]
    if edit == "mirror":
        assert match.method == "pdq" and match.variant == "flip_h"
    if match.method == "pdq":
        assert match.distance <= ImageConfig().pdq_threshold
    else:
        assert match.score >= ImageConfig().min_inliers


def test_unrelated_pictures_find_nothing(corpus, tmp_path):
    c, _ = corpus
    for seed in (900, 901, 902):
        assert c.query_image(save(scene(seed), tmp_path / "u.png")).matches == []


def test_matches_come_earliest_first(tmp_path, photos):
    older = save(edits.jpeg(photos["coffee"], 70), tmp_path / "older.jpg")
    newer = save(photos["coffee"], tmp_path / "newer.png")
    undated = save(edits.resize(photos["coffee"], 0.8), tmp_path / "undated.png")
    with newstrace.open(tmp_path / "o.db") as c:
        c.index_images([str(newer)], date="2019-02-01")
        c.index_images([str(undated)])
        c.index_images([str(older)], date="2014-07-09", source_url="http://example.org/2014/coffee.jpg")
        result = c.query_image(save(edits.crop(photos["coffee"], 0.2, 1), tmp_path / "q.png"))
    assert [m.appearance.first_seen for m in result.matches] == ["2014-07-09", "2019-02-01", None]
    assert result.matches[0].appearance.url == "http://example.org/2014/coffee.jpg"


def test_reindexing_adds_nothing(corpus):
    c, _ = corpus
    report = c.index_images([str(GOLDEN / "rocket.jpg")], date="2016-05-01")
    assert (report.added, report.appearances, report.duplicate) == (0, 0, 1)


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path, photos):
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    save(photos["camera"], tmp_path / "good.png")
    (tmp_path / "notes.txt").write_text("hello")
    with newstrace.open(tmp_path / "b.db") as c:
        report = c.index_images(
            [str(tmp_path / "broken.jpg"), str(tmp_path / "good.png"), str(tmp_path / "notes.txt")]
        )
    assert (report.added, report.failed, report.skipped) == (1, 1, 1)
    assert "broken.jpg" in str(report.problems[0]) and "not a readable picture" in str(report.problems[0])


@pytest.mark.parametrize("name", NAMES)
def test_a_query_analysed_smaller_still_finds_20_percent_crops(corpus, photos, name):
    """The query's keypoints come from a smaller picture (320 px; the index keeps 512 px ones)."""
    from newstrace.engines.images import query_index
    from newstrace.images import query_signature

    c, _ = corpus
    cfg = ImageConfig()
    assert cfg.query_max_side < cfg.max_side
    for seed in range(4):
        crop = edits.crop(photos[name], 0.2, seed)
        assert max(query_signature(crop, cfg).signature.features.width, 0) <= cfg.query_max_side
        matches = query_index(c._images(), crop, cfg, "crop").matches
        assert [m.appearance.source for m in matches] == [str(GOLDEN / f"{name}.jpg")], seed
