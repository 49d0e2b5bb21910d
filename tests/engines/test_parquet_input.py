"""Parquet input, read through the ingest registry like every other format."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

import newstrace.engines.batch  # noqa: F401  (registers the reader)
from newstrace.ingest import read_paths
from newstrace.records import Article, IngestProblem


def test_rows_become_articles_with_passim_fields(tmp_path):
    path = tmp_path / "in.parquet"
    pq.write_table(
        pa.table(
            {
                "id": ["p1", None, "p3"],
                "series": ["ansa", "tass", None],
                "date": [dt.date(2017, 11, 14), None, dt.date(2017, 11, 15)],
                "text": ["First text.", "Second text.", None],
                "lang": ["en", "en", "it"],
            }
        ),
        path,
    )
    items = list(read_paths([str(path)]))
    arts = [i for i in items if isinstance(i, Article)]
    probs = [i for i in items if isinstance(i, IngestProblem)]
    assert [(a.id, a.source, a.published, dict(a.meta)) for a in arts] == [
        ("p1", "ansa", "2017-11-14", {"lang": "en"}),
        ("in.parquet#2", "tass", None, {"lang": "en"}),
    ]
    assert [str(p) for p in probs] == [f'{path}: row 3: missing or non-string "text" value']


def test_not_parquet_and_no_text_column_are_one_line_problems(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    notext = tmp_path / "notext.parquet"
    pq.write_table(pa.table({"id": ["a"]}), notext)
    items = list(read_paths([str(bad), str(notext)]))
    assert all(isinstance(i, IngestProblem) and i.status == "failed" for i in items)
    assert str(items[0]).startswith(f"{bad}: not a readable Parquet file")
    assert str(items[1]) == f'{notext}: no "text" column; one article a row needs one'
