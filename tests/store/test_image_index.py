"""The image tables: one row per picture, appearances, cascading deletes, migration."""

from __future__ import annotations

import importlib.util
import math
import sqlite3

import pytest

from newstrace.records import ImageAppearance
from newstrace.store import SCHEMA_VERSION, SQLiteStore
from newstrace.store.migrations import MIGRATIONS, migrate

needs_images = pytest.mark.skipif(
    importlib.util.find_spec("pdqhash") is None or importlib.util.find_spec("cv2") is None,
    reason='needs the images extra (pdqhash, opencv-python-headless): pip install "newstrace[images]"',
)


def test_image_tables_exist_after_migration():
    store = SQLiteStore(":memory:")
    names = {r[0] for r in store.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"images", "image_tombstones", "image_appearances"} <= names
    # the multi-index and the word postings live in segments (store/pdq_index.py)
    assert not {"image_pdq_index", "image_words"} & names
    assert store.schema_version == SCHEMA_VERSION


def test_words_of_a_version_6_store_carry_over(tmp_path):
    from newstrace.store.images import ImageIndex

    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:6]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 6")
    empty = b"\x00" * 8  # LocalFeatures header: no keypoints
    for key, words in ((1, (5, 9, 700)), (2, (9, 11, 12))):
        conn.execute(
            "INSERT INTO images VALUES (?, ?, 1, 1, ?, 100, ?, '')", (key, f"p{key}", bytes(32), empty)
        )
        conn.executemany("INSERT INTO image_words VALUES (?, ?)", [(w, key) for w in words])
    conn.close()
    with SQLiteStore(path) as store:
        index = ImageIndex(store)
        idf1, idf2 = math.log(1 + 2 / 1), math.log(1 + 2 / 2)  # N = 2 pictures; df 1 or 2
        found = index.word_candidates([5, 9, 700, 11], 10, 5, 2)
        assert found == [(1, pytest.approx(2 * idf1 + idf2)), (2, pytest.approx(idf1 + idf2))]
        assert index.counts()["word_rows"] == 6


def test_an_older_store_gains_the_image_tables(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    assert migrate(conn) == 1
    assert int(conn.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
    conn.execute("SELECT image, source FROM image_appearances").fetchall()


@needs_images
def test_put_appearances_and_delete():
    import numpy as np

    from newstrace.images import ImageConfig, sign
    from newstrace.store.images import ImageIndex

    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 255, (64, 96, 3), dtype=np.uint8)
    sig = sign(rgb, ImageConfig())
    index = ImageIndex(SQLiteStore(":memory:"))
    first = ImageAppearance(sig.image_id, "a.jpg", first_seen="2016-01-01")
    assert index.put(sig, first) == "added"
    assert index.put(sig, first) == "duplicate"
    assert index.put(sig, ImageAppearance(sig.image_id, "b.jpg", document_id="doc-b")) == "appearance"
    assert index.of_document("doc-b")[0].source == "b.jpg"
    counts = index.counts()
    assert (counts["images"], counts["appearances"], counts["pdq_index_rows"]) == (1, 2, 1)
    assert counts["word_rows"] == len(sig.words)
    assert index.delete(sig.image_id)
    index.pdq.compact()
    assert index.counts() == {"images": 0, "appearances": 0, "pdq_index_rows": 0, "word_rows": 0}
