"""``newstrace image index`` and ``newstrace image query`` end to end."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import cli

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "images"
pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("pdqhash", "cv2", "av", "PIL")),
    reason='needs the images extra: pip install "newstrace[images]" (make test installs it)',
)


def test_index_then_query_json(tmp_path):
    import numpy as np
    from PIL import Image

    from newstrace.images import edits

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["image", "index", str(GOLDEN), "--db", db, "--date", "2016-05-01", "-q"])
    assert result.exit_code == 0, result.output  # LICENSE.md is skipped, which is no failure
    assert "pictures added 5" in result.stderr and "skipped 1, failed 0" in result.stderr
    query = tmp_path / "proof.jpg"
    photo = np.asarray(Image.open(GOLDEN / "astronaut.jpg").convert("RGB"))
    Image.fromarray(edits.caption(edits.crop(photo, 0.2, 3))).save(query)
    result = runner.invoke(cli, ["image", "query", str(query), "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["query"] == str(query)
    [match] = out["matches"]
    assert set(match) >= {
        "image_id",
        "distance",
        "score",
        "method",
        "first_seen",
        "document_id",
        "url",
        "video_time",
    }
    assert match["first_seen"] == "2016-05-01" and match["source"].endswith("astronaut.jpg")


def test_query_of_a_non_picture_is_a_clear_error(tmp_path):
    db = tmp_path / "e.db"
    runner = CliRunner()
    runner.invoke(cli, ["image", "index", str(GOLDEN / "rocket.jpg"), "--db", str(db), "-q"])
    bad = tmp_path / "x.jpg"
    bad.write_text("no picture")
    result = runner.invoke(cli, ["image", "query", str(bad), "--db", str(db)])
    assert result.exit_code == 1 and "x.jpg" in result.stderr and "not a readable picture" in result.stderr


def test_jobs_give_the_same_store_as_one_process(tmp_path):
    import sqlite3

    runner = CliRunner()
    tables = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"j{jobs}.db")
        result = runner.invoke(cli, ["image", "index", str(GOLDEN), "--db", db, "-j", jobs, "-q"])
        assert result.exit_code == 0, result.output
        assert "pictures added 5" in result.stderr
        with sqlite3.connect(db) as conn:
            sql = "SELECT rowid, image_id, pdq, features, words FROM images ORDER BY rowid"
            tables.append(conn.execute(sql).fetchall())
    assert tables[0] == tables[1] and len(tables[0]) == 5
