"""Image indexing with worker processes gives the index a one-process run gives."""

from __future__ import annotations

import importlib.util

import pytest

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("pdqhash", "cv2", "PIL")),
    reason='needs the images extra: pip install "newstrace[images]"',
)


def _inputs():
    from newstrace.images import edits
    from newstrace.images.sources import _input
    from newstrace.records import IngestProblem
    from tests.images.conftest import NAMES, load, scene

    photos = [load(n) for n in NAMES]
    items = [_input(rgb, source=f"photo-{i}", first_seen="2016-01-01") for i, rgb in enumerate(photos)]
    items.append(_input(photos[0], source="photo-0-again"))  # a new appearance, signed again
    items.append(IngestProblem("broken.jpg", None, "not a readable picture"))
    items += [_input(edits.crop(photos[1], 0.2, s), source=f"crop-{s}") for s in range(3)]
    frame = scene(7)
    items += [_input(frame, source="video.mp4", video_time=t, kind="frame") for t in (0.0, 1.0)]
    return items


def _index(tmp_path, name: str, workers: int):
    from newstrace.engines.images import index_inputs
    from newstrace.images import ImageConfig
    from newstrace.store import SQLiteStore
    from newstrace.store.images import ImageIndex

    store = SQLiteStore(tmp_path / f"{name}.db")
    index = ImageIndex(store)
    report = index_inputs(index, _inputs(), ImageConfig(), workers=workers)
    rows = store.connection.execute(
        "SELECT rowid, image_id, width, height, pdq, quality, features, words FROM images ORDER BY rowid"
    ).fetchall()
    seen = store.connection.execute("SELECT * FROM image_appearances ORDER BY id").fetchall()
    return index, report, rows, seen


def test_workers_build_the_index_one_process_builds(tmp_path):
    from newstrace.store.pdq_index import row_words

    serial, report1, rows1, seen1 = _index(tmp_path, "serial", 1)
    parallel, report2, rows2, seen2 = _index(tmp_path, "parallel", 2)
    assert (report1.added, report1.appearances, report1.failed) == (9, 2, 1)
    assert (report2.added, report2.appearances, report2.duplicate, report2.failed) == (
        report1.added,
        report1.appearances,
        report1.duplicate,
        report1.failed,
    )
    assert rows2 == rows1 and seen2 == seen1
    words = row_words(rows1[5][7]).tolist()  # the first crop's words: it and its photograph
    found = serial.word_candidates(words, 10**6, 20, 3)
    assert {k for k, _ in found} >= {2, 6} and parallel.word_candidates(words, 10**6, 20, 3) == found
    assert parallel.counts() == serial.counts()


def test_known_pictures_are_not_signed_again(tmp_path, monkeypatch):
    import newstrace.engines.images as engine

    index, _, rows, _ = _index(tmp_path, "first", 1)
    calls = []
    monkeypatch.setattr(engine, "sign", lambda rgb, cfg: calls.append(1))
    report = engine.index_inputs(index, _inputs(), engine.ImageConfig())
    assert calls == [] and report.added == 0 and report.duplicate == 11
    assert index.delete(rows[0][1])  # a put without signature writes nothing for an unknown one
    assert index.put(None, _inputs()[0].appearance) is None and not index.known(rows[0][1])
