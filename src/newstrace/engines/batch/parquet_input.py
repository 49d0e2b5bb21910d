"""Parquet input: one article per row, columns named as in JSONL (passim's fields).

The reader registers itself with ``newstrace.ingest`` under the name ``parquet``, so both
engines (and ``newstrace ingest``) read ``*.parquet`` files through ``read_paths`` like
any other format. Rows are streamed by record batch, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newstrace.ingest import ReaderConfig, register
from newstrace.ingest._checks import os_problem, text_problem
from newstrace.ingest.jsonl import FIELD_ALIASES, article_from_record
from newstrace.records import Article, IngestProblem

__all__ = ["ParquetReader"]

_BATCH_ROWS = 512


def _iso_dates(record: dict[str, Any]) -> dict[str, Any]:
    """Date and timestamp columns of the ``published`` aliases as ISO 8601 strings."""
    for key in FIELD_ALIASES["published"]:
        value = record.get(key)
        if isinstance(value, datetime | date):
            record[key] = value.isoformat()
    return record


@register
class ParquetReader:
    """Reads Parquet files: ``text`` is required; ``id``, ``series``, ``date``, ``url``,
    ``title`` and their aliases are mapped as in JSONL; other columns go into ``meta``.

    A missing id becomes the url, else ``<file name>#<row>`` (rows count from 1).
    """

    name = "parquet"
    suffixes: tuple[str, ...] = (".parquet",)

    def read(self, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        """Yield the file's articles and problems, row by row."""
        try:
            import pyarrow.parquet as pq
        except ImportError:
            yield IngestProblem(
                str(path), None, 'reading Parquet needs pyarrow: pip install "newstrace[spark]"'
            )
            return
        try:
            handle = pq.ParquetFile(path)
        except OSError as exc:
            yield os_problem(path, exc)
            return
        except Exception as exc:  # pyarrow raises ArrowInvalid for files that are not Parquet
            yield IngestProblem(str(path), None, f"not a readable Parquet file ({exc})")
            return
        if "text" not in handle.schema_arrow.names:
            yield IngestProblem(str(path), None, 'no "text" column; one article a row needs one')
            return
        yield from self._rows(handle, path, config)

    def _rows(self, handle: Any, path: Path, config: ReaderConfig) -> Iterator[Article | IngestProblem]:
        row = 0
        try:
            for batch in handle.iter_batches(batch_size=_BATCH_ROWS):
                for record in batch.to_pylist():
                    row += 1
                    where = f"row {row}"
                    article = article_from_record(_iso_dates(record), f"{path.name}#{row}", f"{path}#{row}")
                    if article is None:
                        yield IngestProblem(str(path), where, 'missing or non-string "text" value')
                        continue
                    problem = text_problem(article.text, path, where, config)
                    yield article if problem is None else problem
        except Exception as exc:  # a corrupt page or row group: the rows read so far stand
            yield IngestProblem(str(path), None, f"corrupt Parquet data after row {row} ({exc})")
